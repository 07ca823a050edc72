package org.docbridge.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;

/**
 * Tells each node what to drop from its caches when another node (or this one) changes shared state.
 *
 * <p>A writer calls {@link #publish} inside its own transaction: it takes the next version by updating
 * the one row of {@code feed_head} (the row lock makes writers take versions in commit order, so a
 * reader never sees version n+1 without n) and adds a row per changed key. {@link #catchUp} reads what
 * came since the last look and hands each key to the listeners of its kind. Callers ask for it once
 * per request, before they read a cache: a cached entry is thus checked, never trusted. Concurrent
 * callers share one look: a caller is satisfied by any look that began after it asked.
 */
public final class ChangeFeed {

    private static final Logger LOG = Logger.getLogger(ChangeFeed.class.getName());

    /** Changes older than this are pruned; a node that has not looked for that long drops its caches whole. */
    static final long KEEP_MILLIS = 24L * 60 * 60 * 1000;

    /** What a cache does with the feed. */
    public interface Listener {
        /** {@code key} changed: drop what is cached for it. */
        void changed(String key);

        /** Changes may have been missed: drop everything. */
        void reset();
    }

    private final Database database;
    private final Map<Character, List<Listener>> listeners = new ConcurrentHashMap<>();
    private final Object looking = new Object();
    private volatile long seen;
    /** System.nanoTime() at the start of the last completed look. */
    private volatile long lastLookStarted;

    public ChangeFeed(Database database) {
        this.database = database;
        this.seen = database.read(ChangeFeed::head);
        this.lastLookStarted = System.nanoTime();
    }

    public void subscribe(char kind, Listener listener) {
        listeners.computeIfAbsent(kind, k -> new CopyOnWriteArrayList<>()).add(listener);
    }

    /**
     * Records, in the caller's transaction, that the {@code keys} of {@code kind} changed. Nothing when
     * empty.
     *
     * @return the version this transaction took (0 when {@code keys} is empty); rows stamped with it
     *         become visible only after every lower version's
     */
    public static long publish(Connection c, char kind, Collection<String> keys) throws SQLException {
        if (keys.isEmpty()) {
            return 0;
        }
        try (PreparedStatement bump = c.prepareStatement("UPDATE feed_head SET version = version + 1 WHERE k = 1")) {
            bump.executeUpdate();
        }
        long version = head(c);
        long now = System.currentTimeMillis();
        try (PreparedStatement add = c.prepareStatement(
                "INSERT INTO changes (version, kind, item_key, at) VALUES (?, ?, ?, ?)")) {
            for (String key : keys) {
                add.setLong(1, version);
                add.setString(2, String.valueOf(kind));
                add.setString(3, key);
                add.setLong(4, now);
                add.addBatch();
            }
            add.executeBatch();
        }
        if (version % 1000 == 0) {
            try (PreparedStatement prune = c.prepareStatement("DELETE FROM changes WHERE at < ?")) {
                prune.setLong(1, now - KEEP_MILLIS);
                prune.executeUpdate();
            }
        }
        return version;
    }

    /** The same, for one key. */
    public static long publish(Connection c, char kind, String key) throws SQLException {
        return publish(c, kind, List.of(key));
    }

    /**
     * Applies every change committed before this call to the listeners.
     *
     * @throws StateException when the database cannot be read (503): stale caches are not served
     */
    public void catchUp() {
        long asked = System.nanoTime();
        synchronized (looking) {
            if (lastLookStarted - asked > 0) {
                return; // a look that began after we asked has just finished
            }
            long started = System.nanoTime();
            database.read(this::look);
            lastLookStarted = started;
        }
    }

    private Void look(Connection c) throws SQLException {
        long head = head(c);
        long from = seen;
        if (head == from) {
            return null;
        }
        Set<Long> versions = new HashSet<>();
        try (PreparedStatement q = c.prepareStatement(
                "SELECT version, kind, item_key FROM changes WHERE version > ? AND version <= ? ORDER BY version")) {
            q.setLong(1, from);
            q.setLong(2, head);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    versions.add(r.getLong(1));
                    String kind = r.getString(2);
                    List<Listener> those = listeners.get(kind.isEmpty() ? ' ' : kind.charAt(0));
                    if (those != null) {
                        String key = r.getString(3);
                        those.forEach(l -> l.changed(key));
                    }
                }
            }
        }
        if (head < from || versions.size() != head - from) {
            // pruned before this node looked, or a database restored from a backup: start afresh
            LOG.info(() -> "State changes between versions " + from + " and " + head
                    + " are no longer all known; caches are dropped and refilled");
            listeners.values().forEach(list -> list.forEach(Listener::reset));
        }
        seen = head;
        return null;
    }

    /** The version of the last change committed (or taken by the caller's transaction). */
    public static long version(Connection c) throws SQLException {
        return head(c);
    }

    private static long head(Connection c) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT version FROM feed_head WHERE k = 1");
                ResultSet r = q.executeQuery()) {
            if (!r.next()) {
                throw new SQLException("the state database has no feed_head row; it was not made by docbridge's"
                        + " migrations", "55000");
            }
            return r.getLong(1);
        }
    }
}
