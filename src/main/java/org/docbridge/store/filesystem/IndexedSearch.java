package org.docbridge.store.filesystem;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.docbridge.state.Database;
import org.docbridge.store.Item;
import org.docbridge.store.ItemNames;
import org.docbridge.store.StoreException;
import org.docbridge.store.filesystem.CatalogueRows.Row;

/**
 * Answers a search from the index: the {@link NameIndex} names the candidates, the database says
 * where each is now and what it is called, and the disk says whether it is still there and what it is,
 * read as a listing reads it. A candidate renamed, moved out of the scope, deleted, or below a link
 * is left out, so a search never offers what is not there, nor anything a walk of the folders would
 * not have found.
 */
final class IndexedSearch {

    /** Ids looked up in the database at once. */
    static final int CHUNK = 2_000;
    /** Folders held open at once while candidates are checked. */
    private static final int OPEN_FOLDERS = 32;

    private final ServedTree tree;
    private final Database db;
    private final NameIndex names;

    IndexedSearch(ServedTree tree, Database db, NameIndex names) {
        this.tree = tree;
        this.db = db;
        this.names = names;
    }

    List<Item> search(Entry scope, String key, int limit) {
        List<String> candidates = names.candidates(key);
        List<Item> found = new ArrayList<>();
        try (Folders folders = new Folders()) {
            for (int from = 0; from < candidates.size() && found.size() < limit; from += CHUNK) {
                List<String> chunk = candidates.subList(from, Math.min(candidates.size(), from + CHUNK));
                Map<String, Row> rows = db.read(c -> CatalogueRows.byIds(c, chunk));
                for (String id : chunk) {
                    Row row = rows.get(id);
                    if (row == null || row.parentId() == null || !ItemNames.searchKey(row.name()).contains(key)) {
                        continue; // forgotten, or renamed since it was indexed
                    }
                    Entry parent = tree.catalogue.find(row.parentId());
                    if (parent == null || !within(parent, scope)) {
                        continue;
                    }
                    Dir dir = folders.open(parent);
                    ServedTree.Listed listed = dir == null ? null : tree.listed(dir, row.name());
                    if (listed != null) {
                        found.add(ServedTree.item(row.id(), row.name(), listed.attrs(), listed.link()));
                        if (found.size() >= limit) {
                            break;
                        }
                    }
                }
            }
        }
        return found;
    }

    private static boolean within(Entry folder, Entry scope) {
        if (scope.isRoot()) {
            return true;
        }
        for (Entry e = folder; e != null; e = e.parent()) {
            if (e.id.equals(scope.id)) {
                return true;
            }
        }
        return false;
    }

    /** The candidates' folders, open, the least recently used closed first; null for one that cannot be read. */
    private final class Folders extends LinkedHashMap<String, Dir> implements AutoCloseable {

        Folders() {
            super(16, 0.75f, true);
        }

        Dir open(Entry folder) {
            if (containsKey(folder.id)) {
                return get(folder.id);
            }
            Dir dir = null;
            try {
                Path real = tree.realPath(folder);
                // below a link: a walk of the folders would not go there, nor does the index
                dir = real.equals(tree.namedPath(folder)) ? Dir.open(tree.root, real) : null;
            } catch (IOException | StoreException e) {
                dir = null; // gone or unreadable: nothing in it is offered
            }
            put(folder.id, dir);
            return dir;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Dir> eldest) {
            if (size() > OPEN_FOLDERS) {
                if (eldest.getValue() != null) {
                    ServedTree.closeQuietly(eldest.getValue());
                }
                return true;
            }
            return false;
        }

        @Override
        public void close() {
            values().forEach(dir -> {
                if (dir != null) {
                    ServedTree.closeQuietly(dir);
                }
            });
            clear();
        }
    }
}
