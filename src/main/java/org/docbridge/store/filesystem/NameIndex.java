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
 * When such leftovers outnumber the live rows, the copy is read afresh ({@link #compactIfWasteful}).
 */
final class NameIndex {

    private static final int ID_BYTES = Ids.ID_LENGTH;
    /** Rows read in one query. */
    static final int PAGE = 5_000;

    private final Database db;
    private final Object writing = new Object();
    private Builder builder = new Builder();
    /** What a scan reads. */
    private volatile Packed packed = builder.view();
    private long seen = -1;
    private volatile boolean loaded;

    NameIndex(Database db) {
        this.db = db;
    }

    /** Entries held, leftovers included. */
    int size() {
        return packed.count();
    }

    boolean loaded() {
        return loaded;
    }

    /**
     * Reads the copy afresh when the entries it holds outnumber twice the {@code liveRows} (and ten
     * thousand more): what renames and deletes left behind then costs more scanning than a reading.
     */
    void compactIfWasteful(long liveRows) {
        if (size() > 2 * liveRows + 10_000) {
            load();
        }
    }

    /** Reads every row, a page at a time: at start, and when leftovers have grown too many. */
    void load() {
        synchronized (writing) {
            Builder fresh = new Builder();
            // every version up to this one is committed: what is named later, refresh reads
            long high = db.read(NameIndex::highest);
            String after = "";
            while (after != null) {
                String from = after;
                after = db.read(c -> {
                    try (PreparedStatement q = c.prepareStatement("SELECT id, name_key, name FROM items"
                            + " WHERE id > ? AND parent_id IS NOT NULL ORDER BY id LIMIT " + PAGE)) {
                        q.setString(1, from);
                        return read(q, fresh, null) == PAGE ? fresh.lastId() : null;
                    }
                });
            }
            builder = fresh;
            packed = fresh.view();
            seen = high;
            loaded = true;
        }
    }

    /**
     * Reads the rows named since the last look, a window of versions at a time (a window ends with the
     * version of its {@link #PAGE}-th row, so it holds that many rows and one transaction's more at
     * most); reads all when none was read yet.
     */
    void refresh() {
        synchronized (writing) {
            if (seen < 0) {
                load();
                return;
            }
            Builder growing = builder;
            long[] high = {seen};
            for (boolean more = true; more; ) {
                long from = high[0];
                more = db.read(c -> {
                    Long until = windowEnd(c, from);
                    try (PreparedStatement q = c.prepareStatement("SELECT id, name_key, name, named_at FROM items"
                            + " WHERE named_at > ?" + (until == null ? "" : " AND named_at <= ?"))) {
                        q.setLong(1, from);
                        if (until != null) {
                            q.setLong(2, until);
                        }
                        read(q, growing, high);
                    }
                    return until != null;
                });
                packed = growing.view();
            }
            seen = high[0];
        }
    }

    /** The version of the {@link #PAGE}-th row named after {@code from}; null if fewer rows were. */
    private static Long windowEnd(Connection c, long from) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT named_at FROM items WHERE named_at > ?"
                + " ORDER BY named_at LIMIT 1 OFFSET " + (PAGE - 1))) {
            q.setLong(1, from);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? r.getLong(1) : null;
            }
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

    /** Adds the rows the query gives (id, key, name, and the version if {@code high} is given); returns how many. */
    private static int read(PreparedStatement q, Builder into, long[] high) throws SQLException {
        int rows = 0;
        q.setFetchSize(PAGE);
        try (ResultSet r = q.executeQuery()) {
            while (r.next()) {
                rows++;
                String id = r.getString(1);
                if (id.length() != ID_BYTES) {
                    continue; // the root, or not an id docbridge made
                }
                String key = r.getString(2);
                if (key == null || high == null) {
                    key = ItemNames.searchKey(r.getString(3)); // rows of earlier versions held LOWER(name)
                }
                into.add(id, key);
                if (high != null) {
                    high[0] = Math.max(high[0], r.getLong(4));
                }
            }
        }
        return rows;
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
            // by half again: less to copy at once than doubling, in a heap shared with the server
            if (used + k.length > keys.length) {
                keys = Arrays.copyOf(keys, Math.max(keys.length + keys.length / 2, used + k.length));
            }
            if (count + 2 > starts.length) {
                starts = Arrays.copyOf(starts, starts.length + starts.length / 2);
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

        String lastId() {
            return new String(ids, (count - 1) * ID_BYTES, ID_BYTES, StandardCharsets.US_ASCII);
        }

        /** A view of every entry added so far (published through a volatile write). */
        Packed view() {
            return new Packed(keys, starts, ids, count);
        }
    }
}
