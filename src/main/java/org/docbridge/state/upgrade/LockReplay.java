package org.docbridge.state.upgrade;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Replays {@code locks.log}, the locks of the versions before the database, exactly as they
 * replayed it, and writes the locks into {@code locks}.
 *
 * <p>Records: {@code L <id> <user> <millis>} locks (the user URL-encoded; a second L of the same
 * id replaces the first), {@code U <id>} unlocks. As before: a value that does not parse skips the
 * line; any other shape, an L or U with the wrong number of fields included, stops everything (the
 * previous version refused to start on it too).
 */
final class LockReplay {

    private static final Logger LOG = Logger.getLogger(LockReplay.class.getName());
    static final String FILE = "locks.log";

    record Lock(String user, long since) {
    }

    final Map<String, Lock> locks = new LinkedHashMap<>();
    private long records;
    private long skipped;

    static LockReplay read(Path file) throws IOException {
        LockReplay replay = new LockReplay();
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

    void insert(Connection db) throws SQLException {
        try (PreparedStatement add = db.prepareStatement("INSERT INTO locks (id, user_name, since) VALUES (?, ?, ?)")) {
            for (Map.Entry<String, Lock> e : locks.entrySet()) {
                add.setString(1, e.getKey());
                add.setString(2, e.getValue().user());
                add.setLong(3, e.getValue().since());
                add.addBatch();
            }
            add.executeBatch();
        }
    }

    // --- replay, as Locks.apply did it ----------------------------------------------------------

    private boolean apply(String line) {
        String[] f = line.split(" ");
        try {
            if (f.length == 4 && f[0].equals("L")) {
                String id = f[1];
                Lock lock = new Lock(URLDecoder.decode(f[2], StandardCharsets.UTF_8), Long.parseLong(f[3]));
                if (!JournalImport.isItemId(id) || lock.user().length() > 512) {
                    skipped++;
                    LOG.warning(() -> "Import of " + FILE + ": skipped the lock of id " + id
                            + ", whose values do not fit the database (no item could have them)");
                    return true;
                }
                locks.put(id, lock);
                return true;
            }
            if (f.length == 2 && f[0].equals("U")) {
                locks.remove(f[1]);
                return true;
            }
        } catch (IllegalArgumentException e) {
            return false;
        }
        throw JournalImport.unknownRecord(FILE, f[0]);
    }
}
