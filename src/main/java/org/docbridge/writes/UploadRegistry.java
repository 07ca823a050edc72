package org.docbridge.writes;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.docbridge.runtime.Settings;
import org.docbridge.state.Database;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What uploadInit started, kept in the state database's {@code uploads} table: for each item it
 * created, the user, the time and Workfront's documentId and documentVersionId, and when its content
 * last arrived. Every node reads the table when asked (uploads are rare): a session opened on one
 * node is finished on any other.
 *
 * <p>An upload session lasts {@code docbridge.upload.session-ttl} from its uploadInit: in that time
 * the same user may upload the content, and upload it again (each complete upload replaces the
 * previous one). A placeholder whose content never arrived is removed when the session expires, by
 * the one node that claims it ({@link #beginExpiry}). The Workfront ids stay recorded for as long as
 * the item exists: they are how a custom action finds the item Workfront means.
 *
 * <p>Each change is one statement, committed before the call returns; one that fails throws and
 * leaves the table as it was.
 */
@ApplicationScoped
public class UploadRegistry {

    private static final Logger LOG = Logger.getLogger(UploadRegistry.class.getName());

    /** How long a node's claim to remove a placeholder holds; a node that stopped meanwhile loses it then. */
    static final Duration CLAIM = Duration.ofMinutes(2);

    private static final String COLUMNS = "id, user_name, opened, document_id, document_version_id, completed";

    /** One uploadInit, as the database held it when read. */
    public static final class Session {
        public final String id;
        public final String user;
        public final Instant opened;
        public final String documentId;
        public final String documentVersionId;
        private final Instant completed;

        Session(String id, String user, Instant opened, String documentId, String documentVersionId, Instant completed) {
            this.id = id;
            this.user = user;
            this.opened = opened;
            this.documentId = documentId;
            this.documentVersionId = documentVersionId;
            this.completed = completed;
        }

        /** When the content last arrived completely, or null while it never has. */
        public Instant completed() {
            return completed;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Session s && List.of(id, user, opened).equals(List.of(s.id, s.user, s.opened))
                    && Arrays.asList(documentId, documentVersionId, completed)
                            .equals(Arrays.asList(s.documentId, s.documentVersionId, s.completed));
        }

        @Override
        public int hashCode() {
            return id.hashCode();
        }
    }

    @Inject
    Database database;

    @Inject
    @ConfigProperty(name = "docbridge.upload.session-ttl", defaultValue = "PT1H")
    String ttlSetting;

    private Duration ttl;
    /** Uploads running on this node, by id: an upload runs where its request arrived. */
    private final Map<String, Integer> running = new ConcurrentHashMap<>();
    /** The claims this node holds ({@link #beginExpiry}), by id: the time it wrote. */
    private final Map<String, Long> claims = new ConcurrentHashMap<>();
    /** Set when the server stops: no upload starts any more. */
    private volatile boolean draining;
    /** The last opening time handed out: sessions opened here get distinct, increasing times. */
    private long lastOpened;

    /** For CDI. */
    UploadRegistry() {
    }

    /** A node's registry on {@code database}, for tests. */
    UploadRegistry(Database database, String ttlSetting) {
        this.database = database;
        this.ttlSetting = ttlSetting;
        open();
    }

    @PostConstruct
    void open() {
        ttl = Settings.duration("docbridge.upload.session-ttl", ttlSetting);
        long open = database.read(c -> count(c, "SELECT COUNT(*) FROM uploads WHERE completed IS NULL"));
        LOG.info(() -> "Upload registry: " + open + " upload(s) awaiting content; sessions last " + ttl);
    }

    public Duration ttl() {
        return ttl;
    }

    /** Records a new upload session, durably, before its id leaves the server. */
    public Session opened(String id, String user, String documentId, String documentVersionId) {
        Session session = new Session(id, user, Instant.ofEpochMilli(nextOpened()), documentId, documentVersionId, null);
        database.inTransaction(c -> {
            // an id recorded before belongs to an item that is gone: the new session replaces it
            update(c, "DELETE FROM uploads WHERE id = ?", id);
            return update(c, "INSERT INTO uploads (id, user_name, opened, document_id, document_version_id)"
                    + " VALUES (?, ?, ?, ?, ?)", id, user, session.opened.toEpochMilli(), documentId, documentVersionId);
        });
        return session;
    }

    /** Records that the content of {@code id} arrived completely; nothing for an unknown id. */
    public void completed(String id, long bytes) {
        database.read(c -> update(c, "UPDATE uploads SET completed = ? WHERE id = ?", System.currentTimeMillis(), id));
    }

    /** Forgets the session and the Workfront ids of an item that is gone. */
    public void forget(String id) {
        database.read(c -> update(c, "DELETE FROM uploads WHERE id = ?", id));
    }

    public Optional<Session> session(String id) {
        if (id == null) {
            return Optional.empty();
        }
        List<Session> found = select("SELECT " + COLUMNS + " FROM uploads WHERE id = ?", id);
        return found.stream().findFirst();
    }

    /** Whether uploads to this session are still accepted. */
    public boolean isOpen(Session session, Instant now) {
        return now.isBefore(session.opened.plus(ttl));
    }

    /**
     * The item Workfront means by these ids: by version first, then the latest session of the
     * document (so that when a version's item is gone, an earlier version of the same document
     * answers); empty if unknown.
     */
    public Optional<String> itemFor(String documentId, String documentVersionId) {
        Optional<String> byVersion = latest("document_version_id", documentVersionId);
        return byVersion.isPresent() ? byVersion : latest("document_id", documentId);
    }

    private Optional<String> latest(String column, String value) {
        if (value == null) {
            return Optional.empty();
        }
        return select("SELECT " + COLUMNS + " FROM uploads WHERE " + column + " = ? ORDER BY opened DESC, id DESC"
                + " LIMIT 1", value).stream().map(s -> s.id).findFirst();
    }

    /** Sessions whose content never arrived and whose time is up, with no upload running on this node. */
    public List<Session> expired(Instant now) {
        List<Session> expired = new ArrayList<>();
        for (Session s : select("SELECT " + COLUMNS + " FROM uploads WHERE completed IS NULL AND opened <= ?",
                now.minus(ttl).toEpochMilli())) {
            if (!running.containsKey(s.id)) {
                expired.add(s);
            }
        }
        return expired;
    }

    /** Sessions an upload could have been writing to when the server last stopped. */
    public List<Session> recent(Instant now) {
        return select("SELECT " + COLUMNS + " FROM uploads WHERE completed IS NULL OR opened > ?",
                now.minus(ttl.multipliedBy(2)).toEpochMilli());
    }

    /**
     * Marks an upload as running, so that expiry on this node leaves its placeholder alone; false
     * (and nothing marked) while a node is removing it. Every true is to be followed by
     * {@link #finished}.
     */
    public synchronized boolean started(String id) {
        if (draining) {
            throw new org.docbridge.web.ApiError(503, "this server is stopping; send the document again in a"
                    + " moment (another node, or this one once it is back, takes it)");
        }
        long cutoff = System.currentTimeMillis() - CLAIM.toMillis();
        boolean claimed = claims.containsKey(id) || database.read(c -> count(c,
                "SELECT COUNT(*) FROM uploads WHERE id = ? AND expiring_since >= ?", id, cutoff)) > 0;
        if (claimed) {
            return false;
        }
        running.merge(id, 1, Integer::sum);
        return true;
    }

    public synchronized void finished(String id) {
        running.computeIfPresent(id, (k, n) -> n == 1 ? null : n - 1);
        notifyAll();
    }

    /** Uploads whose body is streaming in on this node now. */
    public int running() {
        return running.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Upload sessions, on every node, whose content has not arrived yet. */
    public long awaitingContent() {
        return database.read(c -> count(c, "SELECT COUNT(*) FROM uploads WHERE completed IS NULL"));
    }

    /**
     * For an orderly stop: refuses new uploads (503, so that Workfront sends them again) and waits at
     * most {@code grace} for the running ones to end, reporting every few seconds; true when none is left.
     */
    public synchronized boolean drain(Duration grace, java.util.function.IntConsumer progress)
            throws InterruptedException {
        draining = true;
        long deadline = System.nanoTime() + grace.toNanos();
        long nextReport = 0;
        for (int left = running(); left > 0; left = running()) {
            long now = System.nanoTime();
            if (now >= deadline) {
                return false;
            }
            if (now >= nextReport) {
                progress.accept(left);
                nextReport = now + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
            }
            wait(Math.max(1, Math.min(java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(deadline - now), 1000)));
        }
        return true;
    }

    /**
     * Claims an expired session for removal: true for one node only, and only if its content never
     * arrived, its time is up and no upload to it runs here; until {@link #endExpiry}, or until the
     * claim is older than {@link #CLAIM}, no upload to it can start and no other node claims it.
     */
    public synchronized boolean beginExpiry(Session session, Instant now) {
        if (isOpen(session, now) || running.containsKey(session.id)) {
            return false;
        }
        long at = now.toEpochMilli();
        int claimed = database.read(c -> update(c, "UPDATE uploads SET expiring_since = ? WHERE id = ?"
                + " AND completed IS NULL AND opened <= ? AND (expiring_since IS NULL OR expiring_since < ?)",
                at, session.id, now.minus(ttl).toEpochMilli(), at - CLAIM.toMillis()));
        if (claimed == 1) {
            claims.put(session.id, at);
        }
        return claimed == 1;
    }

    /** Gives up this node's claim; another node's later claim stays. */
    public synchronized void endExpiry(String id) {
        Long at = claims.remove(id);
        if (at != null) {
            database.read(c -> update(c, "UPDATE uploads SET expiring_since = NULL WHERE id = ? AND expiring_since = ?",
                    id, at));
        }
    }

    // --- SQL -----------------------------------------------------------------------------------

    /** Distinct, increasing times for the sessions opened here, so that "the latest" is never a tie. */
    private synchronized long nextOpened() {
        lastOpened = Math.max(System.currentTimeMillis(), lastOpened + 1);
        return lastOpened;
    }

    private List<Session> select(String sql, Object parameter) {
        return database.read(c -> {
            try (PreparedStatement q = prepare(c, sql, parameter); ResultSet r = q.executeQuery()) {
                List<Session> sessions = new ArrayList<>();
                while (r.next()) {
                    long completed = r.getLong(6);
                    Instant completedAt = r.wasNull() ? null : Instant.ofEpochMilli(completed);
                    sessions.add(new Session(r.getString(1), r.getString(2), Instant.ofEpochMilli(r.getLong(3)),
                            r.getString(4), r.getString(5), completedAt));
                }
                return sessions;
            }
        });
    }

    private static int update(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement q = prepare(c, sql, parameters)) {
            return q.executeUpdate();
        }
    }

    private static long count(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement q = prepare(c, sql, parameters); ResultSet r = q.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }

    /** The statement with its parameters: strings (null for an absent one) and longs. */
    private static PreparedStatement prepare(Connection c, String sql, Object... parameters) throws SQLException {
        PreparedStatement q = c.prepareStatement(sql);
        try {
            for (int i = 0; i < parameters.length; i++) {
                if (parameters[i] == null) {
                    q.setNull(i + 1, Types.VARCHAR);
                } else {
                    q.setObject(i + 1, parameters[i]);
                }
            }
            return q;
        } catch (SQLException | RuntimeException e) {
            q.close();
            throw e;
        }
    }

}
