package org.docbridge.state.upgrade;

import static org.docbridge.state.upgrade.Databases.count;
import static org.docbridge.state.upgrade.Databases.rows;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upgrade from the state folder that the release before the database (0.1, commit f137d1a) left
 * behind: src/test/resources/upgrade/release-0.1, made by src/test/upgrade/make-release-fixtures,
 * with what that release itself answered about it in expected.json.
 */
class JournalImportTest {

    private static final Path FIXTURE = fixture();
    private static final Clock AT = Clock.fixed(Instant.parse("2027-01-15T08:30:05Z"), ZoneOffset.UTC);
    private static final List<String> JOURNALS = List.of("catalogue.log", "uploads.log", "locks.log");

    @TempDir
    Path dir;
    Path state;
    Connection db;
    JsonObject expected;

    @BeforeEach
    void setUp() throws IOException, SQLException {
        state = dir.resolve("state");
        Files.createDirectories(state);
        try (Stream<Path> files = Files.list(FIXTURE.resolve("state"))) {
            for (Path f : files.toList()) {
                Files.copy(f, state.resolve(f.getFileName()));
            }
        }
        db = Databases.migrated(dir);
        try (InputStream in = Files.newInputStream(FIXTURE.resolve("expected.json")); JsonReader r = Json.createReader(in)) {
            expected = r.readObject();
        }
    }

    @AfterEach
    void tearDown() throws SQLException {
        db.close();
    }

    @Test
    void everyIdKeepsItsPlaceNameAndKind() throws Exception {
        new JournalImport(state, "node-a", AT).importInto(db);

        Map<String, String[]> rows = new HashMap<>(); // id -> parent id, name
        for (String row : rows(db, "SELECT id, parent_id, name FROM items")) {
            String[] f = row.split("\\|", -1);
            rows.put(f[0], new String[] {f[1], f[2]});
        }
        JsonObject items = expected.getJsonObject("items");
        assertEquals(items.size() + 1, rows.size(), "exactly the release's ids and the root");
        assertEquals("null", rows.get("/")[0]);
        for (Map.Entry<String, JsonValue> e : items.entrySet()) {
            List<String> path = new ArrayList<>();
            for (String at = e.getKey(); !at.equals("/"); at = rows.get(at)[0]) {
                assertNotNull(rows.get(at), "id " + at + " (on the way up from " + e.getKey() + ") is in the database");
                path.add(0, rows.get(at)[1]);
            }
            JsonObject item = e.getValue().asJsonObject();
            List<String> want = item.getJsonArray("path").getValuesAs(JsonString::getString);
            assertEquals(want, path, "the names from the root down to " + e.getKey());
            Path onDisk = FIXTURE.resolve("documents").resolve(String.join("/", want));
            assertEquals(item.getString("kind").equals("folder"), Files.isDirectory(onDisk), onDisk + " is a " + item.getString("kind"));
        }
        for (JsonString gone : expected.getJsonArray("gone").getValuesAs(JsonString.class)) {
            assertFalse(rows.containsKey(gone.getString()), "the deleted id " + gone.getString() + " stays deleted");
        }
        assertEquals(0, count(db, "SELECT COUNT(*) FROM pending_moves"), "every move of the release was settled");
    }

    @Test
    void locksUploadsAndWorkfrontIdsSurvive() throws Exception {
        new JournalImport(state, "node-a", AT).importInto(db);

        Map<String, String> locks = new TreeMap<>();
        for (String row : rows(db, "SELECT id, user_name FROM locks")) {
            locks.put(row.split("\\|")[0], row.split("\\|")[1]);
        }
        Map<String, String> wantLocks = new TreeMap<>();
        expected.getJsonObject("locks").forEach((id, user) -> wantLocks.put(id, ((JsonString) user).getString()));
        assertEquals(wantLocks, locks, "both users' locks, and not the one lifted again");

        JsonObject uploads = expected.getJsonObject("uploads");
        assertEquals(uploads.size(), count(db, "SELECT COUNT(*) FROM uploads"), "the forgotten session stays forgotten");
        for (Map.Entry<String, JsonValue> e : uploads.entrySet()) {
            JsonObject want = e.getValue().asJsonObject();
            try (PreparedStatement q = db.prepareStatement("SELECT user_name, document_id, document_version_id, opened,"
                    + " completed, expiring_since FROM uploads WHERE id = ?")) {
                q.setString(1, e.getKey());
                try (ResultSet rs = q.executeQuery()) {
                    assertTrue(rs.next(), "the session of " + e.getKey());
                    assertEquals(want.getString("user"), rs.getString(1));
                    assertEquals(want.getString("documentId"), rs.getString(2));
                    assertEquals(want.getString("documentVersionId"), rs.getString(3));
                    assertTrue(rs.getLong(4) > Instant.parse("2026-01-01T00:00:00Z").toEpochMilli(), "opened when it was");
                    rs.getLong(5);
                    assertEquals(want.getBoolean("completed"), !rs.wasNull(), "whether the content arrived");
                    assertNull(rs.getObject(6));
                }
            }
        }
        // the release's answers to "which item is this Workfront document": by version, else the latest upload
        for (JsonValue v : expected.getJsonArray("workfrontLookups")) {
            JsonObject lookup = v.asJsonObject();
            String version = lookup.isNull("documentVersionId") ? null : lookup.getString("documentVersionId");
            assertEquals(lookup.getString("id"), itemFor(lookup.getString("documentId"), version), lookup.toString());
        }
    }

    @Test
    void journalsAreKeptRenamedByteForByteAndRecorded() throws Exception {
        JournalImport.Result result = new JournalImport(state, "node-a", AT).importInto(db);

        assertEquals(JOURNALS, result.journals().stream().map(JournalImport.Imported::journal).toList());
        for (String name : JOURNALS) {
            String backup = name + ".imported-20270115-083005";
            assertFalse(Files.exists(state.resolve(name)), name + " is gone");
            assertArrayEquals(Files.readAllBytes(FIXTURE.resolve("state").resolve(name)), Files.readAllBytes(state.resolve(backup)));
            long lines = Files.readAllLines(FIXTURE.resolve("state").resolve(name)).size();
            assertEquals(List.of(Instant.now(AT).toEpochMilli() + "|" + lines + "|" + backup),
                    rows(db, "SELECT imported_at, records, backup_name FROM imported_journals WHERE name = '" + name + "'"));
        }
        JournalImport.Imported catalogue = result.journals().get(0);
        assertEquals(expected.getJsonObject("items").size(), catalogue.rows());
        assertEquals(0, catalogue.skipped());
    }

    @Test
    void aSecondRunImportsNothing() throws Exception {
        new JournalImport(state, "node-a", AT).importInto(db);
        List<String> before = everything();

        JournalImport.Result again = new JournalImport(state, "node-a", Clock.offset(AT, java.time.Duration.ofHours(1))).importInto(db);

        assertTrue(again.isEmpty());
        assertEquals(before, everything());
    }

    /** A stop between the commit and the renames: the next start renames, and imports nothing twice. */
    @Test
    void aJournalImportedButNotRenamedIsRenamedNotImportedAgain() throws Exception {
        new JournalImport(state, "node-a", AT).importInto(db);
        Files.move(state.resolve("locks.log.imported-20270115-083005"), state.resolve("locks.log"));
        List<String> before = everything();

        JournalImport.Result again = new JournalImport(state, "node-a", AT).importInto(db);

        assertTrue(again.isEmpty());
        assertEquals(before, everything());
        assertFalse(Files.exists(state.resolve("locks.log")));
        assertTrue(Files.exists(state.resolve("locks.log.imported-20270115-083005")));
    }

    /** A record a newer version wrote: nothing imported, no file changed, the reason named. */
    @Test
    void anUnknownRecordTypeStopsTheImportAndChangesNothing() throws Exception {
        Databases.journal(state.resolve("locks.log"), "Q someId 1");
        Map<String, byte[]> files = files();
        List<String> before = everything();

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new JournalImport(state, "node-a", AT).importInto(db));

        assertTrue(e.getMessage().contains("state/locks.log") && e.getMessage().contains("'Q'")
                && e.getMessage().contains("newer version"), e.getMessage());
        assertEquals(before, everything());
        assertEquals(files.keySet(), files().keySet());
        Map<String, byte[]> after = files();
        files.forEach((name, bytes) -> assertArrayEquals(bytes, after.get(name), name));
        assertTrue(db.getAutoCommit(), "the connection is left as it came");
    }

    /** A failure inside the transaction (here a lock row already there) undoes the ids written before it. */
    @Test
    void aFailureInTheTransactionRollsBackEverything() throws Exception {
        String lockedId = expected.getJsonObject("locks").keySet().iterator().next();
        db.createStatement().executeUpdate("INSERT INTO locks (id, user_name, since) VALUES ('" + lockedId + "', 'x', 1)");
        List<String> before = everything();
        Map<String, byte[]> files = files();

        assertThrows(SQLException.class, () -> new JournalImport(state, "node-a", AT).importInto(db));

        assertEquals(before, everything());
        assertEquals(files.keySet(), files().keySet(), "no journal renamed");
    }

    @Test
    void theCatalogueIsNotMergedIntoADatabaseThatHasIds() throws Exception {
        db.createStatement().executeUpdate("INSERT INTO items (id, parent_id, name) VALUES ('AAAAAAAAAAAAAAAA', '/', 'Projekte')");
        List<String> before = everything();

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new JournalImport(state, "node-a", AT).importInto(db));

        assertTrue(e.getMessage().contains("already holds 1 id made"), e.getMessage());
        assertEquals(before, everything());
    }

    // --- helpers --------------------------------------------------------------------------------

    /** The item Workfront means, as the release looked it up: by version, else the document's latest upload. */
    private String itemFor(String documentId, String documentVersionId) throws SQLException {
        if (documentVersionId != null) {
            List<String> byVersion = rows(db, "SELECT id FROM uploads WHERE document_version_id = '" + documentVersionId + "'");
            if (!byVersion.isEmpty()) {
                return byVersion.get(0);
            }
        }
        List<String> byDocument = rows(db, "SELECT id FROM uploads WHERE document_id = '" + documentId + "' ORDER BY opened DESC");
        return byDocument.isEmpty() ? null : byDocument.get(0);
    }

    private List<String> everything() throws SQLException {
        List<String> all = new ArrayList<>();
        for (String table : List.of("items", "pending_moves", "uploads", "locks", "secrets", "imported_journals")) {
            all.addAll(rows(db, "SELECT '" + table + "', t.* FROM " + table + " t").stream().sorted().toList());
        }
        return all;
    }

    private Map<String, byte[]> files() throws IOException {
        try (Stream<Path> files = Files.list(state)) {
            Map<String, byte[]> contents = new TreeMap<>();
            for (Path f : files.collect(Collectors.toList())) {
                contents.put(f.getFileName().toString(), Files.readAllBytes(f));
            }
            return contents;
        }
    }

    private static Path fixture() {
        try {
            return Path.of(JournalImportTest.class.getResource("/upgrade/release-0.1").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
