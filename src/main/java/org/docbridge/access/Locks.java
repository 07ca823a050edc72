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

/**
 * Items locked against change for every user (the {@code lock} custom action), kept durably in
 * {@code state/locks.log}: {@code L <id> <user> <millis>} locks, {@code U <id>} unlocks. A locked
 * item, and everything below a locked folder, is read-only through docbridge until unlocked.
 */
@ApplicationScoped
public class Locks {

    private static final Logger LOG = Logger.getLogger(Locks.class.getName());

    /** Who locked an item, and when. */
    public record Lock(String user, Instant since) {
    }

    @Inject
    DataFolder data;

    private LineJournal journal;
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
        LOG.info(() -> "Locks: " + locked.size() + " item(s) locked");
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

    /** Locks an item; false if it already was (nothing is written then). */
    public synchronized boolean lock(String id, String user) {
        if (locked.containsKey(id)) {
            return false;
        }
        Lock lock = new Lock(user, Instant.now());
        journal.append(line(id, lock));
        sync();
        locked.put(id, lock);
        return true;
    }

    /** Unlocks an item; false if it was not locked. */
    public synchronized boolean unlock(String id) {
        if (!locked.containsKey(id)) {
            return false;
        }
        journal.append("U " + id);
        sync();
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

    private void sync() {
        try {
            journal.sync();
        } catch (IOException e) {
            throw new UncheckedIOException("the lock list could not be written", e);
        }
    }
}
