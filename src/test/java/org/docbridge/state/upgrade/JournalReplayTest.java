package org.docbridge.state.upgrade;

import static org.docbridge.state.upgrade.Databases.count;
import static org.docbridge.state.upgrade.Databases.journal;
import static org.docbridge.state.upgrade.Databases.rows;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each journal's records replayed as the versions before the database replayed them at start
 * (IdCatalogue.apply, UploadRegistry.apply, Locks.apply at commit f137d1a): what they skipped is
 * skipped, what stopped them stops the import.
 */
class JournalReplayTest {

    private static final Clock AT = Clock.fixed(Instant.parse("2027-01-15T08:30:05Z"), ZoneOffset.UTC);
    private static final String NOWHERE = "zzzzzzzzzzzzzzzz";

    @TempDir
    Path dir;
    Path state;
    Connection db;

    @BeforeEach
    void setUp() throws IOException, SQLException {
        state = Files.createDirectories(dir.resolve("state"));
        db = Databases.migrated(dir);
    }

    @AfterEach
    void tearDown() throws SQLException {
        db.close();
    }

    /** Sixteen characters, as every id but the root's. */
    private static String id(String tag) {
        return (tag + "________________").substring(0, 16);
    }

    @Test
    void theCatalogueIsReplayedRecordByRecordAsBefore() throws Exception {
        journal(state.resolve("catalogue.log"),
                "A " + id("A") + " / Docs",
                "A " + id("B") + " " + id("A") + " Reports",
                "A " + id("C") + " " + id("B") + " q1+%E2%80%93+%2541.txt",
                "A " + id("D") + " / Docs", // name taken
                "A " + id("A") + " / Other", // id known
                "A " + id("E") + " " + NOWHERE + " x", // unknown parent
                "A not-an-id / x", // not an id's shape
                "A " + id("F") + " / .hidden", // never served
                "A " + id("G") + " / %E0%A4", // not UTF-8: decodes to U+FFFD, never served
                "A " + id("H") + " / 100%", // does not decode: a damaged line
                "M " + id("A") + " " + id("C") + " Loop", // into itself
                "M / " + id("A") + " Root", // the root never moves
                "A " + id("I") + " / Archive",
                "M " + id("B") + " " + id("I") + " Reports+2026", // moves with what it holds
                "A " + id("J") + " / Old",
                "A " + id("K") + " " + id("J") + " child",
                "A " + id("L") + " / Stale",
                "A " + id("M") + " " + id("L") + " under-stale",
                "M " + id("J") + " / Stale", // the stale item at the target goes, with what it held
                "A " + id("N") + " / Gone",
                "A " + id("O") + " " + id("N") + " inside",
                "D " + id("N"),
                "D /", // the root is never forgotten
                "A " + id("P") + " / Moving",
                "P " + id("P") + " " + id("I") + " Moved", // left unsettled by a stop
                "A " + id("Q") + " / Settled",
                "P " + id("Q") + " " + id("I") + " Q",
                "M " + id("Q") + " " + id("I") + " Q",
                "A " + id("R") + " / Aborted",
                "P " + id("R") + " " + NOWHERE + " nowhere", // into a folder that is gone: never happened
                "A " + id("S") + " / Removed",
                "P " + id("S") + " " + id("I") + " S",
                "D " + id("S"),
                "P " + NOWHERE + " / ghost",
                "A " + id("T") + " / checksum-fails");
        damageChecksum(state.resolve("catalogue.log"), "checksum-fails");
        Files.writeString(state.resolve("catalogue.log"), "A " + id("U") + " / torn", StandardOpenOption.APPEND);

        JournalImport.Result result = new JournalImport(state, "node-a", AT).importInto(db);

        assertEquals(List.of(
                "/|null|",
                id("A") + "|/|Docs",
                id("B") + "|" + id("I") + "|Reports 2026",
                id("C") + "|" + id("B") + "|q1 – %41.txt",
                id("I") + "|/|Archive",
                id("J") + "|/|Stale",
                id("K") + "|" + id("J") + "|child",
                id("P") + "|/|Moving",
                id("Q") + "|" + id("I") + "|Q",
                id("R") + "|/|Aborted"), rows(db, "SELECT id, parent_id, name FROM items ORDER BY id"));
        assertEquals(List.of(id("P") + "|" + id("I") + "|Moved|node-a|" + AT.millis()),
                rows(db, "SELECT id, parent_id, name, node, since FROM pending_moves"));
        JournalImport.Imported catalogue = result.journals().get(0);
        assertEquals(9, catalogue.rows());
        assertEquals(8 + 2, catalogue.skipped(), "8 records that do not fit, 2 damaged lines");
        assertEquals(35 - 2, catalogue.records(), "intact lines that parse");
    }

    @Test
    void uploadSessionsAreReplayedAsBefore() throws Exception {
        journal(state.resolve("uploads.log"),
                "U " + id("u1") + " alice%40example.com 1000 DOC1 VER1",
                "C " + id("u1") + " 2000 5",
                "U " + id("u2") + " bob 1100 - -",
                "U " + id("u3") + " carol 1200 DOC3 %2D",
                "X " + id("u3"),
                "U " + id("u4") + " dave 1300 DOC4 VER4",
                "U " + id("u4") + " erin 1400 DOC4b VER4b", // a second uploadInit of one id replaces the first
                "C " + NOWHERE + " 1 1", // content of a session forgotten: nothing
                "U " + id("u5") + " frank not-a-time - -", // skipped
                "U " + id("u6") + " gina 1600 -", // too few fields: skipped
                "C " + id("u2") + " not-a-time 1", // skipped: u2 stays a placeholder
                "U " + id("u7") + " %2D 1700 - %2D", // "-" itself, encoded, is a value, not absence
                "X " + id("u8"));
        Files.writeString(state.resolve("uploads.log"), "C " + id("u4") + " 9", StandardOpenOption.APPEND);

        JournalImport.Result result = new JournalImport(state, "node-a", AT).importInto(db);

        assertEquals(List.of(
                id("u1") + "|alice@example.com|1000|DOC1|VER1|2000",
                id("u2") + "|bob|1100|null|null|null",
                id("u4") + "|erin|1400|DOC4b|VER4b|null",
                id("u7") + "|-|1700|null|-|null"),
                rows(db, "SELECT id, user_name, opened, document_id, document_version_id, completed FROM uploads ORDER BY id"));
        assertEquals(3, result.journals().get(0).skipped());
    }

    @Test
    void locksAreReplayedAsBefore() throws Exception {
        journal(state.resolve("locks.log"),
                "L " + id("k1") + " alice%40example.com 10",
                "L " + id("k2") + " bob 20",
                "U " + id("k2"),
                "L " + id("k3") + " carol 30",
                "L " + id("k3") + " dave 40",
                "L " + id("k4") + " erin not-a-time",
                "U " + NOWHERE,
                "L " + id("k5") + " %E2%9C%93+frank 50");
        damageChecksum(state.resolve("locks.log"), "frank");
        Files.writeString(state.resolve("locks.log"), "L " + id("k6") + " gina 60", StandardOpenOption.APPEND);
        byte[] original = Files.readAllBytes(state.resolve("locks.log"));

        JournalImport.Result result = new JournalImport(state, "node-a", AT).importInto(db);

        assertEquals(List.of(id("k1") + "|alice@example.com|10", id("k3") + "|dave|40"),
                rows(db, "SELECT id, user_name, since FROM locks ORDER BY id"));
        assertEquals(2, result.journals().get(0).skipped(), "the bad time and the bad checksum");
        assertArrayEquals(original, Files.readAllBytes(state.resolve(result.journals().get(0).backup())),
                "the backup is the file as the old version left it, damaged tail and all");
        assertEquals(List.of("locks.log.imported-20270115-083005"), stateFiles());
    }

    @Test
    void anUnknownCatalogueRecordStopsTheImportBeforeAnythingIsWritten() throws Exception {
        journal(state.resolve("catalogue.log"), "A " + id("A") + " / Docs", "Z " + id("A") + " tag");
        journal(state.resolve("locks.log"), "L " + id("A") + " alice 10");
        byte[] before = Files.readAllBytes(state.resolve("catalogue.log"));

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new JournalImport(state, "node-a", AT).importInto(db));

        assertTrue(e.getMessage().startsWith("state/catalogue.log holds a record of a type this version of docbridge"
                + " does not know ('Z')"), e.getMessage());
        assertEquals(1, count(db, "SELECT COUNT(*) FROM items"));
        assertEquals(0, count(db, "SELECT COUNT(*) FROM locks") + count(db, "SELECT COUNT(*) FROM imported_journals"));
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(state.resolve("catalogue.log"))));
        assertTrue(Files.exists(state.resolve("locks.log")));
    }

    /** The versions before refused to start on an intact L or U line of the wrong shape: so does the import. */
    @Test
    void aLockRecordOfTheWrongShapeStopsTheImportAsItStoppedTheStart() throws Exception {
        journal(state.resolve("locks.log"), "L " + id("k1") + " alice");

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new JournalImport(state, "node-a", AT).importInto(db));

        assertTrue(e.getMessage().contains("state/locks.log") && e.getMessage().contains("('L')"), e.getMessage());
    }

    @Test
    void aStateFolderWithoutJournalsImportsNothing() throws Exception {
        Files.writeString(state.resolve("api-key"), "a-key-of-a-folder-that-has-no-journals-at-all\n");

        JournalImport.Result result = new JournalImport(state, "node-a", AT).importInto(db);

        assertTrue(result.isEmpty());
        assertEquals(0, count(db, "SELECT COUNT(*) FROM imported_journals") + count(db, "SELECT COUNT(*) FROM secrets"));
        assertFalse(Files.exists(state.resolve("catalogue.log")), "no journal is made either");
    }

    private List<String> stateFiles() throws IOException {
        try (java.util.stream.Stream<Path> files = Files.list(state)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    /** Replaces the checksum of the line containing {@code marker} by one that does not hold. */
    private static void damageChecksum(Path file, String marker) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> damaged = lines.stream()
                .map(l -> l.contains(marker) ? l.substring(0, l.lastIndexOf(' ')) + " 00000000" : l).toList();
        Files.write(file, damaged, StandardCharsets.UTF_8);
    }
}
