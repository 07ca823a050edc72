package org.docbridge.state.upgrade;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Moves the state of an installation of the versions before the database into it, once: the id
 * catalogue ({@code state/catalogue.log}), the upload sessions ({@code uploads.log}) and the locks
 * ({@code locks.log}), each replayed as those versions replayed it at start. (Their generated
 * secrets, {@code state/api-key} and {@code state/link-secret}, are brought in by
 * {@link org.docbridge.state.Secrets} when first asked for.)
 *
 * <p>Everything goes in one transaction, with a row per journal in {@code imported_journals}: a stop
 * or failure in between leaves the database as it was, and the next start tries again. Only after
 * the commit is each journal renamed to {@code <name>.imported-<yyyyMMdd-HHmmss>} (UTC), a backup
 * never read again; a rename that failed is done at the next start. Journals are read before the
 * transaction begins: a journal this version cannot read (a record type of a newer version) stops
 * the import before anything is written, and leaves the files as they are.
 *
 * <p>Run it after the migrations and before anything reads the state.
 */
public final class JournalImport {

    private static final Logger LOG = Logger.getLogger(JournalImport.class.getName());
    private static final List<String> JOURNALS = List.of(CatalogueReplay.FILE, UploadReplay.FILE, LockReplay.FILE);

    /**
     * One journal imported: its file name, its records (intact lines, as replay counts them), the
     * rows it became (ids, upload sessions, locks), the lines skipped as the previous version skipped
     * them, and the name it is kept under in the state folder.
     */
    public record Imported(String journal, long records, long rows, long skipped, String backup) {
    }

    /** What one run imported: nothing when every journal was imported before or never existed. */
    public record Result(List<Imported> journals) {
        public boolean isEmpty() {
            return journals.isEmpty();
        }
    }

    private final Path state;
    private final StateFiles files;
    private final String node;
    private final Clock clock;

    /**
     * @param state  the state folder ({@code <data-dir>/state})
     * @param nodeId this server's node id: the node that settles the moves a stop left unsettled
     */
    public JournalImport(Path state, String nodeId) {
        this(state, nodeId, Clock.systemUTC());
    }

    JournalImport(Path state, String nodeId, Clock clock) {
        this.state = state;
        this.files = new StateFiles(state);
        this.node = nodeId;
        this.clock = clock;
    }

    /** {@link #importInto(Connection)} on a connection of its own. */
    public Result importInto(DataSource dataSource) throws IOException, SQLException {
        try (Connection db = dataSource.getConnection()) {
            return importInto(db);
        }
    }

    /**
     * Imports the journals not imported yet into a migrated database, in a transaction of its own on
     * {@code db} (committed or rolled back here; auto-commit restored). Throws IllegalStateException,
     * with nothing written, when a journal holds a record this version does not know, or when the
     * catalogue would go into a database that already holds ids.
     */
    public Result importInto(Connection db) throws IOException, SQLException {
        Map<String, String> done = importedBefore(db);
        List<String> todo = new ArrayList<>();
        for (String name : JOURNALS) {
            Path file = state.resolve(name);
            if (done.containsKey(name) && Files.exists(file)) {
                files.keep(file, done.get(name)); // imported, but a stop came before the rename
            } else if (!done.containsKey(name) && Files.isRegularFile(file)) {
                todo.add(name);
            }
        }
        if (todo.isEmpty()) {
            return new Result(List.of());
        }
        try {
            return importNow(db, todo);
        } finally {
            files.deleteReading();
        }
    }

    private Result importNow(Connection db, List<String> todo) throws IOException, SQLException {
        long started = System.nanoTime();
        LOG.info(() -> "Importing " + String.join(", ", todo) + " of an earlier version from the state folder into the"
                + " database, once");
        Path reading = files.reading();
        ItemRows catalogue = todo.contains(CatalogueReplay.FILE)
                ? CatalogueReplay.read(file(CatalogueReplay.FILE)).spool(reading.resolve("items")) : null;
        UploadReplay uploads = todo.contains(UploadReplay.FILE) ? UploadReplay.read(file(UploadReplay.FILE)) : null;
        LockReplay locks = todo.contains(LockReplay.FILE) ? LockReplay.read(file(LockReplay.FILE)) : null;

        long now = clock.millis();
        Map<String, String> backups = new LinkedHashMap<>();
        for (String name : todo) {
            backups.put(name, files.backupName(name, now));
        }
        List<Imported> imported = new ArrayList<>();
        if (catalogue != null) {
            imported.add(new Imported(CatalogueReplay.FILE, catalogue.records, catalogue.count, catalogue.skipped,
                    backups.get(CatalogueReplay.FILE)));
        }
        if (uploads != null) {
            imported.add(new Imported(UploadReplay.FILE, uploads.records(), uploads.sessions.size(), uploads.skipped(),
                    backups.get(UploadReplay.FILE)));
        }
        if (locks != null) {
            imported.add(new Imported(LockReplay.FILE, locks.records(), locks.locks.size(), locks.skipped(),
                    backups.get(LockReplay.FILE)));
        }

        boolean autoCommit = db.getAutoCommit();
        db.setAutoCommit(false);
        try {
            if (catalogue != null) {
                requireNoIds(db);
                catalogue.insert(db, node, now);
            }
            if (uploads != null) {
                uploads.insert(db);
            }
            if (locks != null) {
                locks.insert(db);
            }
            try (PreparedStatement row = db.prepareStatement(
                    "INSERT INTO imported_journals (name, imported_at, records, backup_name) VALUES (?, ?, ?, ?)")) {
                for (Imported i : imported) {
                    row.setString(1, i.journal());
                    row.setLong(2, now);
                    row.setLong(3, i.records());
                    row.setString(4, i.backup());
                    row.addBatch();
                }
                row.executeBatch();
            }
            db.commit();
        } catch (SQLException | IOException | RuntimeException | Error e) {
            try {
                db.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        } finally {
            db.setAutoCommit(autoCommit);
        }

        for (Imported i : imported) {
            LOG.info(describe(i, catalogue, uploads));
            files.keep(file(i.journal()), i.backup());
        }
        long ms = (System.nanoTime() - started) / 1_000_000;
        LOG.info(() -> String.format(Locale.ROOT, "Import of the state folder done in %.1f s", ms / 1000.0));
        return new Result(List.copyOf(imported));
    }

    // --- shared by the replays ------------------------------------------------------------------

    /** Stops the import at a record this version does not know: dropping it could lose ids or locks for good. */
    static IllegalStateException unknownRecord(String journal, String type) {
        return new IllegalStateException("state/" + journal + " holds a record of a type this version of docbridge does"
                + " not know ('" + type + "'): a newer version wrote it. Nothing was imported and no file was changed;"
                + " start the version that wrote it, or a newer one");
    }

    /** Whether a value can be an item's id in the database: the root's, or the shape every other id has. */
    static boolean isItemId(String id) {
        return ItemTree.ROOT_ID.equals(id) || ItemTree.isWellFormed(id);
    }

    // --- steps ----------------------------------------------------------------------------------

    private Path file(String name) {
        return state.resolve(name);
    }

    private static Map<String, String> importedBefore(Connection db) throws SQLException {
        Map<String, String> done = new HashMap<>();
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT name, backup_name FROM imported_journals")) {
            while (rs.next()) {
                done.put(rs.getString(1), rs.getString(2));
            }
        }
        return done;
    }

    private static void requireNoIds(Connection db) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM items")) {
            rs.next();
            long ids = rs.getLong(1) - 1; // the root's row
            if (ids > 0) {
                throw new IllegalStateException("state/" + CatalogueReplay.FILE + " of an earlier version cannot be"
                        + " imported: the database already holds " + count(ids, "id", "ids") + " made by another docbridge, and the"
                        + " two would give one item different ids. Nothing was imported; import into an empty"
                        + " database (a new docbridge.db.url), or move " + CatalogueReplay.FILE + " out of the state"
                        + " folder to start without its ids");
            }
        }
    }

    private static String describe(Imported i, ItemRows catalogue, UploadReplay uploads) {
        String what = switch (i.journal()) {
            case CatalogueReplay.FILE -> count(i.rows(), "id", "ids") + pendingMoves(catalogue.pending.size());
            case UploadReplay.FILE -> count(i.rows(), "upload session", "upload sessions")
                    + (uploads.placeholders() > 0 ? " (" + count(uploads.placeholders(), "placeholder", "placeholders")
                    + " still waiting for content)" : "");
            default -> count(i.rows(), "lock", "locks");
        };
        String skipped = i.skipped() == 0 ? "" : "; " + count(i.skipped(), "damaged or inconsistent line",
                "damaged or inconsistent lines") + " skipped, as the previous version skipped them";
        return "Imported " + i.journal() + ": " + what + skipped + "; kept as " + i.backup();
    }

    private static String pendingMoves(int n) {
        return n == 0 ? "" : " (" + count(n, "move", "moves") + " a stop interrupted, for this start to settle)";
    }

    private static String count(long n, String one, String many) {
        return String.format(Locale.ROOT, "%,d", n) + " " + (n == 1 ? one : many);
    }
}
