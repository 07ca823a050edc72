/**
 * The first {@link org.docbridge.store.DocumentStore}: a folder tree on the server's file system,
 * with ids kept in a small crash-safe catalogue beside it. {@code FileSystemStore} is the entry;
 * {@code ServedTree} decides what is served and where an id's item is, {@code Dir} works inside a
 * folder held open without following links, {@code Listings} reads folders, {@code ContentWrites}
 * and {@code TreeWrites} write, and {@code Leftovers} sweeps what interrupted writes left.
 */
package org.docbridge.store.filesystem;
