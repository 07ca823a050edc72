package org.docbridge.access;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.docbridge.journal.LineJournal;
import org.docbridge.runtime.DataFolder;
import org.docbridge.store.DocumentStore;

/**
 * Items locked against change for every user (the {@code lock} custom action), kept durably in
 * {@code state/locks.log}: {@code L <id> <user> <millis>} locks, {@code U <id>} unlocks. A locked
 * item, and everything below a locked folder, is read-only through docbridge until unlocked. Only
 * the user who locked an item, or a {@link LockAdmins lock administrator}, may unlock it; the root
 * cannot be locked, since that would make the whole store read-only for everybody.
 *
 * <p>Memory changes only after the record is on disk, and a record whose write failed is dropped
 * ({@link LineJournal#commit}): a lock or unlock that answered an error never takes effect later.
 */
@ApplicationScoped
public class Locks {

    private static final Logger LOG = Logger.getLogger(Locks.class.getName());

    /** Who locked an item, and when. */
    public record Lock(String user, Instant since) {
    }

    @Inject
    DataFolder data;

    @Inject
    LockAdmins admins;

    /** Package-private so that tests can make its disk fail. */
    LineJournal journal;
    private final Map<String, Lock> locked = new ConcurrentHashMap<>();

    @PostConstruct
    void open() {
        journal = new LineJournal(data.state().resolve("locks.log"), "Locks");
        try {
            LineJournal.Replay replay = journal.replay(this::apply);
            if (replay.records() > 2L * locked.size() + 1000) {
                journal.rewrite(locked.entrySet().stream().map(e -> line(e.getKey(), e.getValue())).toList());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the lock list in the data folder: " + e.getMessage(), e);
        }
        LOG.info(() -> "Locks: " + locked.size() + " item(s) locked; besides whoever locked an item, "
                + admins.describe() + " may unlock it");
    }

    @PreDestroy
    synchronized void close() {
        try {
            journal.close();
        } catch (IOException e) {
            LOG.warning(() -> "Locks: could not close the lock list: " + e);
        }
    }

    public boolean isEmpty() {
        return locked.isEmpty();
    }

    /** The ids locked now. */
    public java.util.Set<String> ids() {
        return java.util.Set.copyOf(locked.keySet());
    }

    public Optional<Lock> of(String id) {
        return Optional.ofNullable(locked.get(id));
    }

    /**
     * Locks an item for {@code user}; false if it already was (nothing is written then). The root is
     * refused (403): locking it would make the whole store read-only for everybody.
     */
    public synchronized boolean lock(String id, String user) {
        if (DocumentStore.ROOT_ID.equals(id)) {
            throw new LockRefusedException("the root folder cannot be locked: that would make the whole store read-only;"
                    + " lock the folders or documents that must not change");
        }
        if (locked.containsKey(id)) {
            return false;
        }
        Lock lock = new Lock(user, Instant.now());
        commit(line(id, lock));
        locked.put(id, lock);
        return true;
    }

    /**
     * Unlocks an item for {@code user}; false if it was not locked. Refused (403) unless {@code user}
     * locked it (names compared ignoring case, as the access rules do) or is a lock administrator.
     */
    public synchronized boolean unlock(String id, String user) {
        Lock lock = locked.get(id);
        if (lock == null) {
            return false;
        }
        if (!AccessRules.key(lock.user()).equals(AccessRules.key(user)) && !admins.includes(user)) {
            // who locked it is not said: that user's name is not the caller's business
            throw new LockRefusedException("this item was locked by another user; only that user or a lock administrator"
                    + " may unlock it");
        }
        commit("U " + id);
        locked.remove(id);
        return true;
    }

    private static String line(String id, Lock lock) {
        return "L " + id + " " + URLEncoder.encode(lock.user(), StandardCharsets.UTF_8) + " " + lock.since().toEpochMilli();
    }

    private boolean apply(String line) {
        String[] f = line.split(" ");
        try {
            if (f.length == 4 && f[0].equals("L")) {
                locked.put(f[1], new Lock(URLDecoder.decode(f[2], StandardCharsets.UTF_8),
                        Instant.ofEpochMilli(Long.parseLong(f[3]))));
                return true;
            }
            if (f.length == 2 && f[0].equals("U")) {
                locked.remove(f[1]);
                return true;
            }
        } catch (IllegalArgumentException e) {
            return false;
        }
        throw new IllegalStateException("the lock list holds a record this version of docbridge does not know ('"
                + f[0] + "'); run the version that wrote it, or a newer one");
    }

    /** Writes the record now or not at all; memory is changed by the caller only after it returns. */
    private void commit(String record) {
        try {
            journal.commit(record);
        } catch (IOException e) {
            throw new UncheckedIOException("the lock list could not be written (" + e.getMessage()
                    + "); nothing was changed", e);
        }
    }
}
