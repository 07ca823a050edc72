package org.docbridge.store.filesystem;

import java.util.Objects;

/**
 * One item the {@link IdCatalogue} knows, as it was when read: its id, its parent (an entry too, up
 * to the root) and its name. An entry is a snapshot, never changed: a rename elsewhere makes a new
 * one, and {@link IdCatalogue#current} says where the item is now.
 */
final class Entry {

    final String id;
    private final Entry parent;
    private final String name;

    Entry(String id, Entry parent, String name) {
        this.id = id;
        this.parent = parent;
        this.name = name;
    }

    Entry parent() {
        return parent;
    }

    String name() {
        return name;
    }

    boolean isRoot() {
        return parent == null;
    }

    /** Whether this entry is {@code ancestor} or lies below it. */
    boolean isAtOrBelow(Entry ancestor) {
        for (Entry e = this; e != null; e = e.parent) {
            if (e.id.equals(ancestor.id)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return id + "(" + (parent == null ? "" : Objects.toString(parent.id) + "/") + name + ")";
    }
}
