/**
 * Durable append-only record files with per-line checksums, shared by the id catalogue and the
 * upload registry.
 */
package org.docbridge.journal;
