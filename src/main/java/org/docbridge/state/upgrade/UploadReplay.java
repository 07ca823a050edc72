package org.docbridge.state.upgrade;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Replays {@code uploads.log}, the upload sessions of the versions before the database, exactly as
 * they replayed it, and writes the sessions into {@code uploads}.
 *
 * <p>Records: {@code U <id> <user> <millis> <documentId> <documentVersionId>} (values URL-encoded,
 * "-" when absent) opens a session (replacing one of the same id), {@code C <id> <millis> <bytes>}
 * says its content arrived, {@code X <id>} forgets it. As before: a line with too few or too many
 * fields, or a value that does not parse, is skipped; a C or X of an unknown session changes
 * nothing; an unknown record type stops everything.
 */
final class UploadReplay {

    private static final Logger LOG = Logger.getLogger(UploadReplay.class.getName());
    static final String FILE = "uploads.log";

    /** One session; completed is null while the content never arrived. */
    record Session(String id, String user, long opened, String documentId, String documentVersionId, Long completed) {
    }

    final Map<String, Session> sessions = new LinkedHashMap<>();
    private long records;
    private long skipped;

    static UploadReplay read(Path file) throws IOException {
        UploadReplay replay = new UploadReplay();
        JournalLines.Replay lines = StateFiles.replay(file, "Import of", replay::apply);
        replay.records = lines.records();
        replay.skipped += lines.skipped();
        return replay;
    }

    long records() {
        return records;
    }

    long skipped() {
        return skipped;
    }

    /** Sessions whose content never arrived: placeholders, removed when their session expires. */
    long placeholders() {
        return sessions.values().stream().filter(s -> s.completed() == null).count();
    }

    void insert(Connection db) throws SQLException {
        try (PreparedStatement add = db.prepareStatement("INSERT INTO uploads (id, user_name, opened, document_id,"
                + " document_version_id, completed, expiring_since) VALUES (?, ?, ?, ?, ?, ?, NULL)")) {
            for (Session s : sessions.values()) {
                add.setString(1, s.id());
                add.setString(2, s.user());
                add.setLong(3, s.opened());
                add.setString(4, s.documentId());
                add.setString(5, s.documentVersionId());
                if (s.completed() == null) {
                    add.setNull(6, Types.BIGINT);
                } else {
                    add.setLong(6, s.completed());
                }
                add.addBatch();
            }
            add.executeBatch();
        }
    }

    // --- replay, as UploadRegistry.apply did it -------------------------------------------------

    private boolean apply(String line) {
        String[] f = line.split(" ");
        try {
            switch (f[0]) {
                case "U" -> {
                    if (f.length != 6) {
                        return false;
                    }
                    Session s = new Session(f[1], dec(f[2]), Long.parseLong(f[3]), dec(f[4]), dec(f[5]), null);
                    if (!fitsTheTable(s)) {
                        skipped++;
                        LOG.warning(() -> "Import of " + FILE + ": skipped the session of id " + s.id()
                                + ", whose values do not fit the database (no item could have them)");
                        return true;
                    }
                    sessions.put(s.id(), s);
                    return true;
                }
                case "C" -> {
                    if (f.length != 4) {
                        return false;
                    }
                    Session s = sessions.get(f[1]);
                    if (s != null) {
                        sessions.put(s.id(), new Session(s.id(), s.user(), s.opened(), s.documentId(),
                                s.documentVersionId(), Long.parseLong(f[2])));
                    }
                    return true;
                }
                case "X" -> {
                    if (f.length != 2) {
                        return false;
                    }
                    sessions.remove(f[1]);
                    return true;
                }
                default -> throw JournalImport.unknownRecord(FILE, f[0]);
            }
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Limits of the table; the previous versions never wrote values beyond them (ids 16, users 256, Workfront ids 64). */
    private static boolean fitsTheTable(Session s) {
        return JournalImport.isItemId(s.id()) && s.user() != null && s.user().length() <= 512
                && (s.documentId() == null || s.documentId().length() <= 512)
                && (s.documentVersionId() == null || s.documentVersionId().length() <= 512);
    }

    private static String dec(String value) {
        return value.equals("-") ? null : URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}
