package org.docbridge.store.filesystem;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.HashSet;
import java.util.Set;
import org.docbridge.store.Item;
import org.docbridge.store.ItemNames;
import org.docbridge.store.StoreException;

/**
 * Reading folders: a folder's children, and a search by name that walks the folders below one (used
 * until the {@link SearchIndex} is complete). Each folder is read through a {@link Dir} opened
 * without following links; every item met gets its id.
 */
final class Listings {

    private final ServedTree tree;
    private final Duration forgetAfter;

    /** @param forgetAfter how long an item must stay missing before its id is forgotten; null: never */
    Listings(ServedTree tree, Duration forgetAfter) {
        this.tree = tree;
        this.forgetAfter = forgetAfter;
    }

    List<Item> children(String folderId) {
        return children(tree.entry(folderId));
    }

    List<Item> children(Entry folder) {
        Map<String, ServedTree.Listed> seen = new LinkedHashMap<>();
        Set<String> folders = new HashSet<>();
        Dir dir = tree.folder(folder);
        try (dir) {
            for (String name : dir.names()) {
                ServedTree.Listed listed = tree.listed(dir, name);
                if (listed != null) {
                    seen.put(name, listed);
                    if (listed.attrs().isDirectory()) {
                        folders.add(name);
                    }
                }
            }
            long epoch = tree.catalogue.epoch();
            // one transaction gives every listed item its id, and notes (or forgets) those not seen
            Map<String, String> ids = tree.catalogue.list(folder, seen.keySet(), folders,
                    forgetAfter == null ? null : name -> exists(dir, name),
                    System.currentTimeMillis(), forgetAfter == null ? 0 : forgetAfter.toMillis());
            tree.catalogue.remember(folder, ids, epoch);
            List<Item> items = new ArrayList<>(seen.size());
            // the listed name: during a rename the row may still carry the old one; a name without an id
            // (new while the disk of the state database is full) is not served until it has one
            seen.forEach((name, listed) -> {
                String id = ids.get(name);
                if (id != null) {
                    items.add(ServedTree.item(id, name, listed.attrs(), listed.link()));
                }
            });
            return items;
        } catch (IOException e) {
            throw new StoreException("the folder could not be read", e);
        }
    }

    private static boolean exists(Dir dir, String name) {
        try {
            return dir.attributesIfExists(name) != null;
        } catch (IOException e) {
            return true; // unsure: keep the id
        }
    }

    /** Walks the folders below {@code folderId} for names whose {@link ItemNames#searchKey} holds the text's. */
    List<Item> search(String folderId, String text, int limit) {
        Entry scope = tree.entry(folderId);
        String needle = ItemNames.searchKey(text);
        List<Item> found = new ArrayList<>();
        Deque<Pending> todo = new ArrayDeque<>();
        try (Dir start = tree.folder(scope)) {
            todo.push(new Pending(start.path(), List.of()));
        } catch (IOException e) {
            throw new StoreException("the folder could not be read", e);
        }
        while (!todo.isEmpty() && found.size() < limit) {
            Pending next = todo.pop();
            // each folder is opened by a walk from the root: a folder swapped for a link is never entered
            try (Dir dir = Dir.open(tree.root, next.real())) {
                for (String name : dir.names()) {
                    ServedTree.Listed listed = tree.listed(dir, name);
                    if (listed == null) {
                        continue;
                    }
                    List<String> trail = append(next.trail(), name);
                    if (ItemNames.searchKey(name).contains(needle) && found.size() < limit) {
                        Entry entry = tree.materialise(scope, trail);
                        found.add(ServedTree.item(entry.id, entry.name(), listed.attrs(), listed.link()));
                    }
                    // never descend through a symlink: it could lead in circles
                    if (listed.attrs().isDirectory() && !listed.link()) {
                        todo.push(new Pending(next.real().resolve(name), trail));
                    }
                }
            } catch (IOException e) {
                // a folder that vanished or cannot be read is simply not searched
            }
        }
        return found;
    }

    /** A folder still to be searched (its real path), and the names that lead to it from the search's start. */
    private record Pending(java.nio.file.Path real, List<String> trail) {
    }

    private static List<String> append(List<String> trail, String name) {
        List<String> longer = new ArrayList<>(trail.size() + 1);
        longer.addAll(trail);
        longer.add(name);
        return longer;
    }
}
