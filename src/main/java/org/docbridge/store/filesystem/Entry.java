package org.docbridge.store.filesystem;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One item the {@link IdCatalogue} knows: its id, and where it is. Its place changes only under the catalogue's lock. */
final class Entry {

    /** Where an entry is: changed as one value, so that a reader never sees a new parent with an old name. */
    record Place(Entry parent, String name) {
    }

    final String id;
    volatile Place place;
    /** When a listing of the parent first missed this entry; 0 while it is seen. */
    volatile long missingSince;
    private volatile Map<String, Entry> children;

    Entry(String id, Entry parent, String name) {
        this.id = id;
        this.place = new Place(parent, name);
    }

    Entry parent() {
        return place.parent();
    }

    String name() {
        return place.name();
    }

    /** Called for every entry a listing saw. */
    void seen() {
        if (missingSince != 0) {
            missingSince = 0;
        }
    }

    Entry child(String childName) {
        Map<String, Entry> c = children;
        return c == null ? null : c.get(childName);
    }

    int childCount() {
        Map<String, Entry> c = children;
        return c == null ? 0 : c.size();
    }

    Collection<Entry> children() {
        Map<String, Entry> c = children;
        return c == null ? List.of() : c.values();
    }

    Map<String, Entry> childMap() {
        Map<String, Entry> c = children;
        if (c == null) {
            c = new ConcurrentHashMap<>();
            children = c;
        }
        return c;
    }
}
