/**
 * The first {@link org.docbridge.store.DocumentStore}: a folder tree on the server's file system,
 * with ids kept in a small crash-safe catalogue beside it.
 */
package org.docbridge.store.filesystem;
