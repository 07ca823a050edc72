/**
 * Durable append-only record files with per-line checksums, shared by the id catalogue, the upload
 * registry and the lock list: queued and retried for the catalogue, written now or not at all for
 * the others.
 */
package org.docbridge.journal;
