/**
 * The write path: uploads (uploadInit, upload) with the Workfront document each one belongs to and
 * the framing of their bodies, new folders, rename and delete.
 */
package org.docbridge.writes;
