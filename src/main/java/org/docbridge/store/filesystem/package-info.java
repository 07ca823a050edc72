/**
 * The first {@link org.docbridge.store.DocumentStore}: a folder tree on the server's file system,
 * with ids kept in the state database's catalogue. {@code FileSystemStore} is the entry;
 * {@code ServedTree} decides what is served and where an id's item is, {@code Dir} works inside a
 * folder held open without following links, {@code Listings} reads folders, {@code ContentWrites}
 * and {@code TreeWrites} write, and {@code Leftovers} sweeps what interrupted writes left.
 * {@code IdCatalogue} (with {@code CatalogueListing} for the ids of a listing's names, {@code CatalogueRows}
 * and {@code RowCache}) keeps ids and names;
 * {@code SearchIndex} keeps the names searchable: {@code NameIndex} is each node's packed copy that
 * a search scans, {@code IndexedSearch} checks its candidates, {@code IndexWalk} walks the share and
 * {@code FolderWatch} follows the file system's events.
 */
package org.docbridge.store.filesystem;
