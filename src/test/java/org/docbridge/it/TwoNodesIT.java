package org.docbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Several nodes, one truth: two Payara Micro servers (A and B, processes of this test's own) share one
 * PostgreSQL database and one document folder, each with a data folder of its own, as behind a load
 * balancer. What one node does holds on the other at once.
 */
@EnabledIfSystemProperty(named = "it.pg.dir", matches = ".+", disabledReason = "needs PostgreSQL: mvn verify -Ppostgres")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodesIT {

    static final Path WORK = Path.of(Store.WORK + "-two-nodes");
    static final Path DOCUMENTS = WORK.resolve("documents");
    static final Duration START = Duration.ofSeconds(180);

    static Node a;
    static Node b;

    @BeforeAll
    static void twoNodesOnOneDatabaseAndOneFolder() throws Exception {
        Postgres postgres = Postgres.ofTheRun();
        postgres.createDatabase("two_nodes");
        Store.delete(WORK);
        Files.createDirectories(DOCUMENTS);
        Map<String, String> shared = new TreeMap<>(postgres.settings("two_nodes"));
        shared.put("DOCBRIDGE_STORE_ROOT", DOCUMENTS.toString());
        shared.putAll(OAuthFlow.settings());
        a = new Node("A", WORK, shared);
        b = new Node("B", WORK, shared);
        // both at once: the schema must be migrated once, whichever node comes first
        a.start();
        b.start();
        a.awaitReady(START);
        b.awaitReady(START);
    }

    @AfterAll
    static void stop() throws Exception {
        for (Node node : new Node[] {a, b}) {
            if (node != null) {
                node.close();
            }
        }
    }

    @Test
    void anUploadThroughAIsListedAndDownloadedThroughB() {
        Store.folder(DOCUMENTS, "a-to-b");
        String folder = a.api().idOf("a-to-b");
        byte[] content = random(200_000, 1);
        String id = a.api().sendTo(folder, "report.pdf", content).getString("id");

        JsonObject listed = entry(b.api().get("files", "parentId", known(b, folder, "the folder a-to-b")).array(), id);
        assertEquals("report.pdf", listed.getString("title"), "B lists A's upload under another title");
        assertEquals(content.length, listed.getInt("size"), "B lists A's upload with another size");
        assertSameBytes(content, b.api().get("download", "id", id).ok().bytes, "B's download of A's upload");
    }

    @Test
    void anUploadSessionStartedOnAIsFinishedOnB() throws Exception {
        Path dir = Store.folder(DOCUMENTS, "init-a-upload-b");
        String folder = a.api().idOf("init-a-upload-b");
        String id = a.api().call("POST", "uploadInit", "parentId", folder, "filename", "minutes.docx").ok().object()
                .getString("id");
        byte[] content = random(100_000, 2);

        Api.Reply upload = b.api().upload(id, content);
        assertEquals(200, upload.status, "B did not take the upload into the session A opened: " + upload.body());
        assertSameBytes(content, Files.readAllBytes(dir.resolve("minutes.docx")), "the file on disk");
        assertSameBytes(content, a.api().get("download", "id", id).ok().bytes, "A's download");
        assertSameBytes(content, b.api().get("download", "id", id).ok().bytes, "B's download");
    }

    @Test
    void aRenameOnBIsSeenByAWithinOneSecond() throws Exception {
        Path dir = Store.folder(DOCUMENTS, "rename");
        Store.write(dir, "before.txt", "the text");
        String folder = a.api().idOf("rename");
        String id = a.api().idOf("rename/before.txt");
        // A has looked at it: whatever A keeps in memory now holds the old name
        assertEquals("before.txt", a.api().get("metadata", "id", id).object().getString("title"));
        known(b, id, "rename/before.txt");

        b.api().call("PUT", "rename", "id", id, "name", "after.txt").ok();
        long renamed = System.nanoTime();
        String seen = null;
        while (System.nanoTime() - renamed < TimeUnit.SECONDS.toNanos(1)) {
            Api.Reply metadata = a.api().get("metadata", "id", id);
            seen = metadata.status + " " + metadata.body();
            if (metadata.status == 200 && metadata.object().getString("title").equals("after.txt")) {
                break;
            }
            Thread.sleep(50);
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - renamed);
        assertTrue(seen.startsWith("200 ") && seen.contains("\"after.txt\""),
                "A's /metadata " + millis + " ms after B's rename: " + seen);
        JsonArray listing = a.api().get("files", "parentId", folder).array();
        assertEquals(List.of("after.txt"), a.api().titles(listing), "A's /files after B's rename");
        assertEquals(id, listing.getJsonObject(0).getString("id"), "the renamed item keeps its id on A");
        assertTrue(Files.exists(dir.resolve("after.txt")));
    }

    @Test
    void aLockPlacedOnAHoldsOnB() {
        Path dir = Store.folder(DOCUMENTS, "locks");
        Store.write(dir, "locked/inside.txt", "in");
        String folder = a.api().idOf("locks/locked");
        String inside = a.api().idOf("locks/locked/inside.txt");
        a.api().call("GET", "customAction", "name", "lock", "id", folder).ok();
        Api onB = b.api();
        try {
            known(b, inside, "locks/locked/inside.txt");
            assertTrue(onB.get("metadata", "id", inside).object().getBoolean("readOnly"), "B shows the item writable");
            assertTrue(onB.call("PUT", "rename", "id", inside, "name", "x.txt").error(403).contains("locked"));
            assertTrue(onB.call("PUT", "delete", "id", inside).error(403).contains("locked"));
            assertTrue(onB.call("POST", "uploadInit", "parentId", folder, "filename", "x.txt").error(403).contains("locked"));
            onB.call("POST", "createFolder", "parentId", folder, "name", "x").error(403);
            assertTrue(Files.exists(dir.resolve("locked/inside.txt")), "the locked file is still there");
        } finally {
            a.api().call("GET", "customAction", "name", "unlock", "id", folder);
        }
        // lifted on A, lifted on B
        onB.call("PUT", "rename", "id", inside, "name", "renamed.txt").ok();
    }

    @Test
    void bothNodesListingANewFolderAtOnceHandOutTheSameIds() throws Exception {
        Path dir = Store.folder(DOCUMENTS, "thousand");
        for (int i = 0; i < 1000; i++) {
            Store.write(dir, String.format("item-%04d.txt", i), "item " + i);
        }
        // each node finds the folder itself; the folder's 1,000 items are listed by neither yet
        String folderOnA = a.api().idOf("thousand");
        String folderOnB = b.api().idOf("thousand");
        CyclicBarrier together = new CyclicBarrier(2);
        CompletableFuture<JsonArray> onA = CompletableFuture.supplyAsync(() -> listAfter(together, a, folderOnA));
        CompletableFuture<JsonArray> onB = CompletableFuture.supplyAsync(() -> listAfter(together, b, folderOnB));
        Map<String, String> idsOnA = idsByTitle(onA.get(120, TimeUnit.SECONDS), "A");
        Map<String, String> idsOnB = idsByTitle(onB.get(120, TimeUnit.SECONDS), "B");

        List<String> differ = new ArrayList<>();
        idsOnA.forEach((title, id) -> {
            if (!id.equals(idsOnB.get(title))) {
                differ.add(title + ": A " + id + ", B " + idsOnB.get(title));
            }
        });
        assertTrue(differ.isEmpty(), "A and B gave different ids to " + differ.size() + " of 1000 items, e.g. "
                + differ.subList(0, Math.min(3, differ.size())));
        assertEquals(folderOnA, folderOnB, "A and B gave the folder different ids");
    }

    /**
     * kill -9 of A in the middle of 20 uploads through it: B serves every upload A acknowledged,
     * intact, and lists no partial file; A, restarted on the same data folder, serves the same ids.
     * Runs last: it leaves A restarted, but a restart that fails must not fail the others.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void killingANodeInTheMiddleOfUploadsLosesNothingItAcknowledged() throws Exception {
        Store.folder(DOCUMENTS, "killed");
        String folder = a.api().idOf("killed");
        Uploads uploads = new Uploads(a, folder, 20);
        uploads.startAndKillAfter(8);
        System.out.println("A acknowledged " + uploads.acknowledged().size() + " of 20 uploads before it died");

        List<String> problems = new ArrayList<>(uploads.checkServedBy(b, "B, right after A died"));
        Api.Reply folderOnB = b.api().get("metadata", "id", folder);
        if (folderOnB.status != 200) {
            problems.add("B does not know the folder's id " + folder + ": " + folderOnB.status + " " + folderOnB.body());
        }
        // B's listing is checked for partial files either way: by the folder's path where B lacks its id
        problems.addAll(uploads.checkListing(b, folderOnB.status == 200 ? folder : b.api().idOf("killed")));

        a.start();
        a.awaitReady(START);
        problems.addAll(uploads.checkServedBy(a, "A, restarted"));
        assertTrue(problems.isEmpty(), problems.size() + " problems:\n" + String.join("\n", problems));
    }

    // --- helpers ---------------------------------------------------------------------------------

    /** {@code id}, after checking that {@code node} knows it: fails saying so rather than with a bare 404. */
    static String known(Node node, String id, String what) {
        Api.Reply metadata = node.api().get("metadata", "id", id);
        if (metadata.status != 200) {
            fail("node " + node.name + " does not know the id " + id + " handed out for " + what + ": "
                    + metadata.status + " " + metadata.body());
        }
        return id;
    }

    static JsonObject entry(JsonArray listing, String id) {
        for (JsonValue v : listing) {
            if (v.asJsonObject().getString("id").equals(id)) {
                return v.asJsonObject();
            }
        }
        return fail("no item with id " + id + " in the listing " + listing);
    }

    static JsonArray listAfter(CyclicBarrier together, Node node, String folder) {
        try {
            together.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return node.api().get("files", "parentId", folder).array();
    }

    static Map<String, String> idsByTitle(JsonArray listing, String node) {
        Map<String, String> ids = new TreeMap<>();
        Set<String> distinct = new HashSet<>();
        listing.forEach(v -> {
            ids.put(v.asJsonObject().getString("title"), v.asJsonObject().getString("id"));
            distinct.add(v.asJsonObject().getString("id"));
        });
        assertEquals(1000, listing.size(), node + " listed " + listing.size() + " items");
        assertEquals(1000, distinct.size(), node + " handed out " + distinct.size() + " distinct ids for 1000 items");
        return ids;
    }

    static byte[] random(int size, long seed) {
        byte[] content = new byte[size];
        new Random(seed).nextBytes(content);
        return content;
    }

    static void assertSameBytes(byte[] expected, byte[] actual, String what) {
        assertEquals(Uploads.sha256(expected), Uploads.sha256(actual),
                what + ": " + actual.length + " bytes, not the " + expected.length + " sent");
    }

    @Test
    void oauthCodesAndTokensOfOneNodeAreHonouredByTheOther() {
        String rootA = a.api().root();
        String rootB = b.api().root();
        OAuthFlow.users(rootA, a.data(), "Nora's long password 1", "add", "nora@example.com", "--password-stdin");
        // logged in and allowed on A, the code exchanged on B (the load balancer sent Workfront there)
        String code = new OAuthFlow(rootA).code("nora@example.com", "Nora's long password 1", "two-nodes");
        OAuthFlow.Reply tokens = OAuthFlow.exchange(rootB, code);
        assertEquals(200, a.api().bearer(tokens.access()).get("files", "parentId", "/").status);
        assertEquals(200, b.api().bearer(tokens.access()).get("files", "parentId", "/").status);
        // refreshed on A; the retired token replayed on B revokes the family on both
        OAuthFlow.Reply refreshed = OAuthFlow.refresh(rootA, tokens.refresh());
        assertEquals(200, b.api().bearer(refreshed.access()).get("files", "parentId", "/").status);
        OAuthFlow.pastTheGrace();
        OAuthFlow.refresh(rootB, tokens.refresh()).refused("invalid_grant");
        assertEquals(403, a.api().bearer(refreshed.access()).get("files", "parentId", "/").status);
        assertEquals(403, b.api().bearer(refreshed.access()).get("files", "parentId", "/").status);
        // a user disabled through B cannot log in on A
        OAuthFlow.users(rootB, b.data(), null, "disable", "nora@example.com");
        assertEquals(200, new OAuthFlow(rootA).login("nora@example.com", "Nora's long password 1", "x").status());
    }
}
