package org.docbridge.access;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import org.docbridge.state.ChangeFeed;
import org.docbridge.state.Database;
import org.docbridge.store.DocumentStore;

/**
 * Items locked against change for every user (the {@code lock} custom action), kept in the state
 * database's {@code locks} table, which every node shares. A locked item, and everything below a
 * locked folder, is read-only through docbridge until unlocked. Only the user who locked an item, or
 * a {@link LockAdmins lock administrator}, may unlock it; the root cannot be locked, since that would
 * make the whole store read-only for everybody.
 *
 * <p>Every request asks whether something is locked, so the whole (small) set is held in memory and
 * kept exact through the {@link ChangeFeed}: each lock and unlock publishes its id (kind 'L') in its
 * own transaction, and a node reloads that row when it catches up. Memory changes only after the
 * database committed: a lock or unlock that answered an error never takes effect.
 */
@ApplicationScoped
public class Locks {

    private static final Logger LOG = Logger.getLogger(Locks.class.getName());

    /** The change feed's kind for a lock or unlock. */
    static final char KIND = 'L';

    /** Who locked an item, and when. */
    public record Lock(String user, Instant since) {
    }

    @Inject
    Database database;

    @Inject
    ChangeFeed feed;

    @Inject
    LockAdmins admins;

    /**
     * The locks as the database last said, replaced whole on each change: a reader gets a consistent
     * set without a lock of its own. Written only under this object's monitor.
     */
    private volatile Map<String, Lock> locked = Map.of();

    /** For CDI. */
    Locks() {
    }

    /** A node's lock list on {@code database}, for tests. */
    Locks(Database database, ChangeFeed feed, LockAdmins admins) {
        this.database = database;
        this.feed = feed;
        this.admins = admins;
        open();
    }

    @PostConstruct
    void open() {
        // subscribed before the first load, so that no change made in between is missed
        feed.subscribe(KIND, new ChangeFeed.Listener() {
            @Override
            public void changed(String id) {
                reload(id);
            }

            @Override
            public void reset() {
                reloadAll();
            }
        });
        reloadAll();
        LOG.info(() -> "Locks: " + locked.size() + " item(s) locked; besides whoever locked an item, "
                + admins.describe() + " may unlock it");
    }

    public boolean isEmpty() {
        return locked.isEmpty();
    }

    /** The ids locked now. */
    public Set<String> ids() {
        return locked.keySet();
    }

    public Optional<Lock> of(String id) {
        return Optional.ofNullable(locked.get(id));
    }

    /**
     * Locks an item for {@code user}; false if it already was (nothing is written then). The root is
     * refused (403): locking it would make the whole store read-only for everybody. The database
     * decides between nodes locking the same item at once: exactly one of them gets true.
     */
    public synchronized boolean lock(String id, String user) {
        if (DocumentStore.ROOT_ID.equals(id)) {
            throw new LockRefusedException("the root folder cannot be locked: that would make the whole store read-only;"
                    + " lock the folders or documents that must not change");
        }
        Lock wanted = new Lock(user, Instant.ofEpochMilli(System.currentTimeMillis()));
        Lock held = database.inTransaction(c -> {
            for (int attempt = 0; attempt < 5; attempt++) {
                try (PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO locks (id, user_name, since) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                    insert.setString(1, id);
                    insert.setString(2, wanted.user());
                    insert.setLong(3, wanted.since().toEpochMilli());
                    if (insert.executeUpdate() == 1) {
                        ChangeFeed.publish(c, KIND, id);
                        return wanted;
                    }
                }
                // locked already, perhaps by another node this one has not heard from yet; or unlocked
                // again just now, and then the insert is tried once more
                Lock other = read(c, id);
                if (other != null) {
                    return other;
                }
            }
            throw new IllegalStateException("the lock on this item keeps changing (other servers lock and unlock it);"
                    + " try again");
        });
        put(id, held);
        return held == wanted;
    }

    /**
     * Unlocks an item for {@code user}; false if it was not locked. Refused (403) unless {@code user}
     * locked it (names compared ignoring case, as the access rules do) or is a lock administrator.
     */
    public synchronized boolean unlock(String id, String user) {
        Unlocked outcome = null;
        // the lock is removed only as it was read: one replaced meanwhile (another node unlocked and
        // locked again) is judged afresh
        for (int attempt = 0; outcome == null; attempt++) {
            if (attempt == 5) {
                throw new IllegalStateException("the lock on this item keeps changing (other servers lock and unlock"
                        + " it); try again");
            }
            outcome = database.inTransaction(c -> tryUnlock(c, id, user));
        }
        put(id, null);
        return outcome == Unlocked.YES;
    }

    private enum Unlocked { YES, WAS_NOT_LOCKED }

    /** One attempt; null when the lock changed between reading and removing it. */
    private Unlocked tryUnlock(Connection c, String id, String user) throws SQLException {
        Lock lock = read(c, id);
        if (lock == null) {
            return Unlocked.WAS_NOT_LOCKED;
        }
        if (!AccessRules.key(lock.user()).equals(AccessRules.key(user)) && !admins.includes(user)) {
            // who locked it is not said: that user's name is not the caller's business
            throw new LockRefusedException("this item was locked by another user; only that user or a lock administrator"
                    + " may unlock it");
        }
        try (PreparedStatement delete = c.prepareStatement(
                "DELETE FROM locks WHERE id = ? AND user_name = ? AND since = ?")) {
            delete.setString(1, id);
            delete.setString(2, lock.user());
            delete.setLong(3, lock.since().toEpochMilli());
            if (delete.executeUpdate() == 0) {
                return null;
            }
        }
        ChangeFeed.publish(c, KIND, id);
        return Unlocked.YES;
    }

    /** Another node (or this one) locked or unlocked {@code id}: its row says how it is now. */
    private synchronized void reload(String id) {
        put(id, database.read(c -> read(c, id)));
    }

    private synchronized void reloadAll() {
        locked = database.read(c -> {
            Map<String, Lock> all = new HashMap<>();
            try (PreparedStatement q = c.prepareStatement("SELECT id, user_name, since FROM locks");
                    ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    all.put(r.getString(1), new Lock(r.getString(2), Instant.ofEpochMilli(r.getLong(3))));
                }
            }
            return Map.copyOf(all);
        });
    }

    /** Sets (or, with null, removes) the lock of {@code id} in memory; called under the monitor. */
    private void put(String id, Lock lock) {
        Map<String, Lock> now = locked;
        if (lock == null ? !now.containsKey(id) : lock.equals(now.get(id))) {
            return;
        }
        Map<String, Lock> next = new HashMap<>(now);
        if (lock == null) {
            next.remove(id);
        } else {
            next.put(id, lock);
        }
        locked = Map.copyOf(next);
    }

    private static Lock read(Connection c, String id) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT user_name, since FROM locks WHERE id = ?")) {
            q.setString(1, id);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? new Lock(r.getString(1), Instant.ofEpochMilli(r.getLong(2))) : null;
            }
        }
    }
}
