package org.docbridge.writes;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.docbridge.journal.LineJournal;
import org.docbridge.runtime.DataFolder;
import org.docbridge.runtime.Settings;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What uploadInit started, kept durably in {@code state/uploads.log}: for each item it created, the
 * user, the time and Workfront's documentId and documentVersionId, and whether its content arrived.
 *
 * <p>An upload session lasts {@code docbridge.upload.session-ttl} from its uploadInit: in that time
 * the same user may upload the content, and upload it again (each complete upload replaces the
 * previous one). A placeholder whose content never arrived is removed when the session expires.
 * The Workfront ids stay recorded for as long as the item exists: they are how a custom action finds
 * the item Workfront means.
 *
 * <p>Records: {@code U <id> <user> <millis> <documentId> <documentVersionId>} (values URL-encoded,
 * "-" when absent), {@code C <id> <millis> <bytes>} content arrived, {@code X <id>} forgotten.
 * Memory changes only after the record is on disk, and a record whose write failed is dropped
 * ({@link LineJournal#commit}): a call that failed never takes effect later.
 */
@ApplicationScoped
public class UploadRegistry {

    private static final Logger LOG = Logger.getLogger(UploadRegistry.class.getName());

    /** One uploadInit. */
    public static final class Session {
        public final String id;
        public final String user;
        public final Instant opened;
        public final String documentId;
        public final String documentVersionId;
        private volatile Instant completed;

        Session(String id, String user, Instant opened, String documentId, String documentVersionId) {
            this.id = id;
            this.user = user;
            this.opened = opened;
            this.documentId = documentId;
            this.documentVersionId = documentVersionId;
        }

        /** When the content last arrived completely, or null while it never has. */
        public Instant completed() {
            return completed;
        }
    }

    @Inject
    DataFolder data;

    @Inject
    @ConfigProperty(name = "docbridge.upload.session-ttl", defaultValue = "PT1H")
    String ttlSetting;

    private Duration ttl;
    /** Package-private so that tests can make its disk fail. */
    LineJournal journal;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, String> byVersion = new ConcurrentHashMap<>();
    private final Map<String, String> byDocument = new ConcurrentHashMap<>();
    private final Map<String, Integer> running = new ConcurrentHashMap<>();
    private final java.util.Set<String> expiring = ConcurrentHashMap.newKeySet();

    @PostConstruct
    void open() {
        ttl = Settings.duration("docbridge.upload.session-ttl", ttlSetting);
        journal = new LineJournal(data.state().resolve("uploads.log"), "Upload registry");
        try {
            LineJournal.Replay replay = journal.replay(this::apply);
            if (replay.records() > 2L * sessions.size() + 1000) {
                journal.rewrite(snapshot());
                LOG.info(() -> "Upload registry compacted: " + replay.records() + " records down to " + sessions.size());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the upload registry in the data folder: " + e.getMessage(), e);
        }
        LOG.info(() -> "Upload registry: " + sessions.size() + " uploads remembered; sessions last " + ttl);
    }

    @PreDestroy
    void close() {
        synchronized (this) {
            try {
                journal.close();
            } catch (IOException e) {
                LOG.warning(() -> "Upload registry: could not close its file: " + e);
            }
        }
    }

    public Duration ttl() {
        return ttl;
    }

    /** Records a new upload session, durably, before its id leaves the server. */
    public synchronized Session opened(String id, String user, String documentId, String documentVersionId) {
        Session session = new Session(id, user, Instant.now(), documentId, documentVersionId);
        commit("U " + id + " " + enc(user) + " " + session.opened.toEpochMilli() + " " + enc(documentId)
                + " " + enc(documentVersionId));
        index(session);
        return session;
    }

    /** Records that the content of {@code id} arrived completely. */
    public synchronized void completed(String id, long bytes) {
        Session session = sessions.get(id);
        if (session == null) {
            return;
        }
        Instant now = Instant.now();
        commit("C " + id + " " + now.toEpochMilli() + " " + bytes);
        session.completed = now;
    }

    /** Forgets the session and the Workfront ids of an item that is gone. */
    public synchronized void forget(String id) {
        Session session = sessions.get(id);
        if (session == null) {
            return;
        }
        commit("X " + id);
        sessions.remove(id);
        unindex(session);
    }

    public Optional<Session> session(String id) {
        return Optional.ofNullable(id == null ? null : sessions.get(id));
    }

    /** Whether uploads to this session are still accepted. */
    public boolean isOpen(Session session, Instant now) {
        return now.isBefore(session.opened.plus(ttl));
    }

    /** The item Workfront means by these ids: by version first, then by document; empty if unknown. */
    public Optional<String> itemFor(String documentId, String documentVersionId) {
        String id = documentVersionId == null ? null : byVersion.get(documentVersionId);
        if (id == null && documentId != null) {
            id = byDocument.get(documentId);
        }
        return Optional.ofNullable(id);
    }

    /** Sessions whose content never arrived and whose time is up, with no upload running. */
    public List<Session> expired(Instant now) {
        List<Session> expired = new ArrayList<>();
        for (Session s : sessions.values()) {
            if (s.completed == null && !isOpen(s, now) && !running.containsKey(s.id)) {
                expired.add(s);
            }
        }
        return expired;
    }

    /** Sessions an upload could have been writing to when the server last stopped. */
    public List<Session> recent(Instant now) {
        List<Session> recent = new ArrayList<>();
        for (Session s : sessions.values()) {
            if (s.completed == null || now.isBefore(s.opened.plus(ttl.multipliedBy(2)))) {
                recent.add(s);
            }
        }
        return recent;
    }

    /**
     * Marks an upload as running, so that expiry leaves its placeholder alone; false (and nothing
     * marked) while expiry is removing it. Every true is to be followed by {@link #finished}.
     */
    public synchronized boolean started(String id) {
        if (expiring.contains(id)) {
            return false;
        }
        running.merge(id, 1, Integer::sum);
        return true;
    }

    public synchronized void finished(String id) {
        running.computeIfPresent(id, (k, n) -> n == 1 ? null : n - 1);
    }

    /**
     * Claims an expired session for removal: true only if its content never arrived, its time is up
     * and no upload to it is running; until {@link #endExpiry}, no upload to it can start.
     */
    public synchronized boolean beginExpiry(Session session, Instant now) {
        if (session.completed != null || isOpen(session, now) || running.containsKey(session.id)) {
            return false;
        }
        expiring.add(session.id);
        return true;
    }

    public synchronized void endExpiry(String id) {
        expiring.remove(id);
    }

    // --- file ----------------------------------------------------------------------------------

    private boolean apply(String line) {
        String[] f = line.split(" ");
        try {
            switch (f[0]) {
                case "U" -> {
                    if (f.length != 6) {
                        return false;
                    }
                    Session old = sessions.get(f[1]);
                    if (old != null) {
                        unindex(old);
                    }
                    index(new Session(f[1], dec(f[2]), Instant.ofEpochMilli(Long.parseLong(f[3])), dec(f[4]), dec(f[5])));
                    return true;
                }
                case "C" -> {
                    if (f.length != 4) {
                        return false;
                    }
                    Session s = sessions.get(f[1]);
                    if (s != null) {
                        s.completed = Instant.ofEpochMilli(Long.parseLong(f[2]));
                    }
                    return true;
                }
                case "X" -> {
                    if (f.length != 2) {
                        return false;
                    }
                    Session s = sessions.remove(f[1]);
                    if (s != null) {
                        unindex(s);
                    }
                    return true;
                }
                default -> throw new IllegalStateException("the upload registry holds a record this version of docbridge"
                        + " does not know ('" + f[0] + "'); run the version that wrote it, or a newer one");
            }
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private List<String> snapshot() {
        List<String> lines = new ArrayList<>(sessions.size() * 2);
        for (Session s : sessions.values()) {
            lines.add("U " + s.id + " " + enc(s.user) + " " + s.opened.toEpochMilli() + " " + enc(s.documentId) + " "
                    + enc(s.documentVersionId));
            if (s.completed != null) {
                lines.add("C " + s.id + " " + s.completed.toEpochMilli() + " 0");
            }
        }
        return lines;
    }

    private void index(Session s) {
        sessions.put(s.id, s);
        if (s.documentVersionId != null) {
            byVersion.put(s.documentVersionId, s.id);
        }
        if (s.documentId != null) {
            byDocument.put(s.documentId, s.id);
        }
    }

    private void unindex(Session s) {
        if (s.documentVersionId != null) {
            byVersion.remove(s.documentVersionId, s.id);
        }
        if (s.documentId != null && byDocument.remove(s.documentId, s.id)) {
            // an earlier version of the same Workfront document, if still here, answers for it again
            Session latest = null;
            for (Session other : sessions.values()) {
                if (other != s && s.documentId.equals(other.documentId)
                        && (latest == null || other.opened.isAfter(latest.opened))) {
                    latest = other;
                }
            }
            if (latest != null) {
                byDocument.put(s.documentId, latest.id);
            }
        }
    }

    /** Writes the record now or not at all; memory is changed by the caller only after it returns. */
    private void commit(String record) {
        try {
            journal.commit(record);
        } catch (IOException e) {
            throw new UncheckedIOException("the upload registry could not be written (" + e.getMessage()
                    + "); nothing was changed", e);
        }
    }

    private static String enc(String value) {
        if (value == null) {
            return "-";
        }
        return value.equals("-") ? "%2D" : URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String dec(String value) {
        return value.equals("-") ? null : URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}
