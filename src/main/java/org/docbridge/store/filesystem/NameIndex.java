package org.docbridge.store.filesystem;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.docbridge.state.Database;
import org.docbridge.store.ItemNames;

/**
 * This node's copy of the search keys in the {@code items} table, packed for a scan: no database
 * answers "which names contain this text" from an index, and a table scan of a million rows takes
 * most of a second, while this copy is read in a few milliseconds.
 *
 * <p>Keys are UTF-8 in one byte array, each id in 16 bytes of another: about 45 bytes per item, some
 * 45 MB for a million. A row given a name (new, renamed, moved) carries the change-feed version of
 * its transaction in {@code named_at}; versions become visible in order, so {@link #refresh} reads
 * only the rows above the highest it has seen. A row renamed or forgotten leaves its old key here:
 * candidates are only candidates, checked against the database and the disk before they are answered.
 * When such leftovers outnumber the live rows, the copy is read afresh.
 */
final class NameIndex {

    private static final int ID_BYTES = Ids.ID_LENGTH;
    private static final int BATCH = 5_000;

    private final Database db;
    private final Object writing = new Object();
    private Builder builder = new Builder();
    /** What a scan reads. */
    private volatile Packed packed = builder.view();
    private long seen = -1;
    private long liveAtLoad;

    NameIndex(Database db) {
        this.db = db;
    }

    /** Entries held, leftovers included. */
    int size() {
        return packed.count();
    }

    boolean loaded() {
        synchronized (writing) {
            return seen >= 0;
        }
    }

    /** Reads every row: at start, and when leftovers have grown too many. */
    void load() {
        synchronized (writing) {
            Builder fresh = new Builder();
            long[] high = {0};
            db.read(c -> {
                high[0] = highest(c);
                read(c, "SELECT id, name_key, name, named_at FROM items WHERE parent_id IS NOT NULL", -1, fresh, high);
                return null;
            });
            builder = fresh;
            packed = fresh.view();
            seen = high[0];
            liveAtLoad = fresh.count;
        }
    }

    /** Reads the rows named since the last look; reads all when none was made yet or leftovers abound. */
    void refresh() {
        synchronized (writing) {
            if (seen < 0 || builder.count > 2 * liveAtLoad + 10_000) {
                load();
                return;
            }
            Builder growing = builder;
            long[] high = {seen};
            db.read(c -> {
                read(c, "SELECT id, name_key, name, named_at FROM items WHERE named_at > ? ORDER BY named_at", seen,
                        growing, high);
                return null;
            });
            packed = growing.view();
            seen = high[0];
        }
    }

    /** The ids whose key holds {@code key}'s, each once, in the order they were indexed. */
    List<String> candidates(String key) {
        byte[] needle = key.getBytes(StandardCharsets.UTF_8);
        Packed p = packed;
        Set<String> found = new LinkedHashSet<>();
        if (needle.length == 0) {
            return List.of();
        }
        byte first = needle[0];
        byte[] keys = p.keys();
        int[] starts = p.starts();
        for (int i = 0; i < p.count(); i++) {
            int last = starts[i + 1] - needle.length;
            for (int at = starts[i]; at <= last; at++) {
                if (keys[at] == first && matches(keys, at, needle)) {
                    found.add(new String(p.ids(), i * ID_BYTES, ID_BYTES, StandardCharsets.US_ASCII));
                    break;
                }
            }
        }
        return new ArrayList<>(found);
    }

    private static boolean matches(byte[] keys, int at, byte[] needle) {
        for (int j = 1; j < needle.length; j++) {
            if (keys[at + j] != needle[j]) {
                return false;
            }
        }
        return true;
    }

    private static long highest(Connection c) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT MAX(named_at) FROM items");
                ResultSet r = q.executeQuery()) {
            return r.next() ? r.getLong(1) : 0;
        }
    }

    private static void read(Connection c, String sql, long after, Builder into, long[] high) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(sql)) {
            if (after >= 0) {
                q.setLong(1, after);
            }
            q.setFetchSize(BATCH);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    String id = r.getString(1);
                    if (id.length() != ID_BYTES) {
                        continue; // the root, or not an id docbridge made
                    }
                    String key = r.getString(2);
                    if (key == null || after < 0) {
                        key = ItemNames.searchKey(r.getString(3)); // rows of earlier versions held LOWER(name)
                    }
                    into.add(id, key);
                    high[0] = Math.max(high[0], r.getLong(4));
                }
            }
        }
    }

    /** What a scan reads: entries below {@code count} never change once published. */
    private record Packed(byte[] keys, int[] starts, byte[] ids, int count) {
    }

    /** Appends entries beyond what readers see; only the writer (under {@code writing}) touches it. */
    private static final class Builder {
        private byte[] keys = new byte[1 << 16];
        private int[] starts = new int[1 << 12];
        private byte[] ids = new byte[ID_BYTES << 12];
        private int count;
        private int used;

        void add(String id, String key) {
            byte[] k = key.getBytes(StandardCharsets.UTF_8);
            if (used + k.length > keys.length) {
                keys = Arrays.copyOf(keys, Math.max(keys.length * 2, used + k.length));
            }
            if (count + 2 > starts.length) {
                starts = Arrays.copyOf(starts, starts.length * 2);
                ids = Arrays.copyOf(ids, starts.length * ID_BYTES);
            }
            System.arraycopy(k, 0, keys, used, k.length);
            starts[count] = used;
            used += k.length;
            starts[count + 1] = used;
            for (int i = 0; i < ID_BYTES; i++) {
                ids[count * ID_BYTES + i] = (byte) id.charAt(i);
            }
            count++;
        }

        /** A view of every entry added so far (published through a volatile write). */
        Packed view() {
            return new Packed(keys, starts, ids, count);
        }
    }
}
