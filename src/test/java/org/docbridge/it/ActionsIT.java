package org.docbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * /customAction with the built-in handlers, configured as environment variables (see the failsafe
 * configuration in the pom): archive, publish (the copy handler under another name), lock, unlock,
 * notify, which posts to a receiver this test starts on port 18475, and old-archive (the archive
 * handler again, other settings). The other configured actions need handlers this WAR lacks
 * (CompanyActionsIT adds them), so they are not offered.
 */
class ActionsIT extends ProductIT {

    static final String DOCUMENT = "0123456789abcdef0123456789abcdef";
    static final int RECEIVER_PORT = 18475;

    Path dir;
    String folderId;
    HttpServer receiver;
    final List<String> received = new CopyOnWriteArrayList<>();
    final AtomicInteger calls = new AtomicInteger();
    /** The receiver's answer to its n-th call (1-based); negative: wait that many ms, then 200. */
    volatile IntUnaryOperator answer = n -> 200;

    @BeforeEach
    void setUp() throws IOException {
        dir = Store.fresh("actions");
        folderId = api.idOf("actions");
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", RECEIVER_PORT), 0);
        receiver.createContext("/events", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            int status = answer.applyAsInt(calls.incrementAndGet());
            if (status < 0) {
                try {
                    Thread.sleep(-status);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                status = 200;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    /** Send To with Workfront's ids, as Workfront does it; answers our id. */
    String sent(String name, String content, String versionId) {
        String id = api.call("POST", "uploadInit", "parentId", folderId, "filename", name, "documentId", DOCUMENT,
                "documentVersionId", versionId).ok().object().getString("id");
        api.upload(id, content.getBytes(StandardCharsets.UTF_8)).ok();
        return id;
    }

    @Test
    void serviceInfoListsTheConfiguredActionsInOrder() {
        JsonObject info = api.getAnonymous("serviceInfo").object();
        assertEquals(Json.createReader(new StringReader("""
                [{"name":"archive","displayName":"Archive"},
                 {"name":"publish","displayName":"Publish to the share"},
                 {"name":"lock","displayName":"Lock"},
                 {"name":"unlock","displayName":"unlock"},
                 {"name":"notify","displayName":"Tell the records team"},
                 {"name":"old-archive","displayName":"Archive 2020"}]""")).readArray(),
                info.getJsonArray("customActions"));
        assertTrue(info.getJsonArray("availableEndpoints").getValuesAs(jakarta.json.JsonString.class).stream()
                .anyMatch(s -> s.getString().equals("customAction")));
    }

    @Test
    void archiveMovesTheDocumentWorkfrontSentAndItsIdKeepsWorking() {
        String id = sent("contract.pdf", "signed", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1");
        Api.Reply reply = api.call("GET", "customAction", "name", "archive", "documentId", DOCUMENT,
                "documentVersionId", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1");
        assertEquals("success", reply.ok().object().getString("status"));

        assertEquals(List.of(), api.titles(api.get("files", "parentId", folderId).array()));
        String archive = api.idOf("actions-archive/2026");
        assertTrue(api.titles(api.get("files", "parentId", archive).array()).contains("contract.pdf"));
        assertEquals("contract.pdf", api.get("metadata", "id", id).object().getString("title"));
        assertEquals("signed", api.get("download", "id", id).body());
        assertTrue(Files.exists(Store.DOCUMENTS.resolve("actions-archive/2026/contract.pdf")));
        Store.delete(Store.DOCUMENTS.resolve("actions-archive"));
    }

    @Test
    void theDocumentIsFoundByVersionFirstThenByDocumentAndTheAliasActionWorks() {
        String first = sent("v1.txt", "one", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb1");
        String second = sent("v2.txt", "two", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2");
        // the version names the first upload, though the document's latest is the second
        api.call("GET", "customAction", "action", "lock", "documentId", DOCUMENT,
                "documentVersionId", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb1").ok();
        assertTrue(api.get("metadata", "id", first).object().getBoolean("readOnly"));
        assertFalse(api.get("metadata", "id", second).object().getBoolean("readOnly"));
        // the document alone means its latest upload
        api.call("GET", "customAction", "name", "lock", "documentId", DOCUMENT).ok();
        assertTrue(api.get("metadata", "id", second).object().getBoolean("readOnly"));
        for (String id : List.of(first, second)) {
            api.call("GET", "customAction", "name", "unlock", "id", id).ok();
        }
    }

    @Test
    void publishCopiesUnderTheConflictPolicyAndLeavesTheOriginal() {
        String id = sent("brochure.pdf", "brochure v1", "ccccccccccccccccccccccccccccccc1");
        for (int i = 0; i < 2; i++) {
            api.call("GET", "customAction", "name", "publish", "documentVersionId", "ccccccccccccccccccccccccccccccc1")
                    .ok();
        }
        String share = api.idOf("actions-published");
        assertEquals(List.of("brochure (1).pdf", "brochure.pdf"), api.titles(api.get("files", "parentId", share).array()));
        assertEquals("brochure v1", api.get("download", "id", api.idOf("actions-published/brochure.pdf")).body());
        assertEquals("brochure v1", api.get("download", "id", id).body());
        Store.delete(Store.DOCUMENTS.resolve("actions-published"));
    }

    @Test
    void aLockedTargetFolderTakesNothingIn() {
        String id = sent("quarterly.pdf", "q", "ccccccccccccccccccccccccccccccc2");
        api.call("GET", "customAction", "name", "publish", "id", id).ok(); // creates the share folder
        String share = api.idOf("actions-published");
        api.call("GET", "customAction", "name", "lock", "id", share).ok();
        try {
            assertTrue(api.call("GET", "customAction", "name", "publish", "id", id).error(403).contains("locked"));
            assertEquals(List.of("quarterly.pdf"), api.titles(api.get("files", "parentId", share).array()));
        } finally {
            api.call("GET", "customAction", "name", "unlock", "id", share).ok();
            Store.delete(Store.DOCUMENTS.resolve("actions-published"));
        }
    }

    @Test
    void aFileNamedOutsideDocbridgeKeepsItsNameWhenArchivedAndGetsAValidOneWhenCopied() {
        Store.write(dir, "Q1: plan?.txt", "plan");
        String id = api.idOf("actions/Q1: plan?.txt");
        assertEquals("copied as 'Q1_ plan_.txt'", api.call("GET", "customAction", "name", "publish", "id", id).ok()
                .object().getString("message"));
        assertEquals("plan", api.get("download", "id", api.idOf("actions-published/Q1_ plan_.txt")).body());
        api.call("GET", "customAction", "name", "archive", "id", id).ok();
        assertEquals(id, api.idOf("actions-archive/2026/Q1: plan?.txt"));
        Store.delete(Store.DOCUMENTS.resolve("actions-published"));
        Store.delete(Store.DOCUMENTS.resolve("actions-archive"));
    }

    @Test
    void aLockHoldsByEveryWayToTheContent() throws IOException {
        Store.write(dir, "real/doc.txt", "d");
        Files.createSymbolicLink(dir.resolve("way"), dir.resolve("real"));
        String real = api.idOf("actions/real");
        String realDoc = api.idOf("actions/real/doc.txt");
        String viaLink = api.idOf("actions/way/doc.txt");

        // locked through the link: the real document is locked, and its folder cannot be deleted
        api.call("GET", "customAction", "name", "lock", "id", viaLink).ok();
        assertTrue(api.get("metadata", "id", realDoc).object().getBoolean("readOnly"));
        api.call("PUT", "rename", "id", realDoc, "name", "x.txt").error(403);
        api.call("PUT", "delete", "id", real).error(403);
        // listed through the link, the document shows its lock
        assertTrue(api.get("files", "parentId", api.idOf("actions/way")).array().getJsonObject(0).getBoolean("readOnly"));
        api.call("GET", "customAction", "name", "unlock", "id", realDoc).ok();
        assertFalse(api.get("metadata", "id", viaLink).object().getBoolean("readOnly"));
        assertTrue(Files.exists(dir.resolve("real/doc.txt")));
    }

    @Test
    void aLockedFolderGetsNoNewTargetFolderEither() {
        Store.folder(Store.DOCUMENTS, "actions-archive");
        String archive = api.idOf("actions-archive");
        String id = sent("late.pdf", "l", "ccccccccccccccccccccccccccccccc3");
        api.call("GET", "customAction", "name", "lock", "id", archive).ok();
        try {
            api.call("GET", "customAction", "name", "archive", "id", id).error(403);
            assertFalse(Files.exists(Store.DOCUMENTS.resolve("actions-archive/2026")));
            assertEquals("late.pdf", api.get("metadata", "id", id).object().getString("title"));
        } finally {
            api.call("GET", "customAction", "name", "unlock", "id", archive).ok();
            Store.delete(Store.DOCUMENTS.resolve("actions-archive"));
        }
    }

    @Test
    void aLockedItemIsReadOnlyForEveryWriteUntilUnlocked() {
        Store.write(dir, "locked/inside.txt", "in");
        String locked = api.idOf("actions/locked");
        String inside = api.idOf("actions/locked/inside.txt");
        String session = api.call("POST", "uploadInit", "parentId", locked, "filename", "pending.txt").ok().object()
                .getString("id");
        assertEquals("success", api.call("GET", "customAction", "name", "lock", "id", locked).ok().object()
                .getString("status"));

        for (String id : List.of(locked, inside, session)) {
            assertTrue(api.get("metadata", "id", id).object().getBoolean("readOnly"), id);
        }
        assertTrue(api.get("files", "parentId", locked).array().stream()
                .allMatch(v -> v.asJsonObject().getBoolean("readOnly")));
        assertTrue(api.call("POST", "uploadInit", "parentId", locked, "filename", "x.txt").error(403).contains("locked"));
        api.upload(session, new byte[1]).uploadError(403);
        api.call("POST", "createFolder", "parentId", locked, "name", "x").error(403);
        api.call("PUT", "rename", "id", inside, "name", "x.txt").error(403);
        api.call("PUT", "delete", "id", inside).error(403);
        api.call("PUT", "rename", "id", locked, "name", "x").error(403);
        api.call("PUT", "delete", "id", locked).error(403);
        api.call("PUT", "delete", "id", folderId).error(403); // holds a locked folder
        api.call("GET", "customAction", "name", "archive", "id", inside).error(403);
        assertEquals("in", api.get("download", "id", inside).body(), "reading goes on");

        // nor through a link to it from elsewhere in the store
        try {
            Files.createSymbolicLink(dir.resolve("way-in"), dir.resolve("locked"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        String wayIn = api.idOf("actions/way-in");
        assertTrue(api.get("metadata", "id", wayIn).object().getBoolean("readOnly"));
        api.call("POST", "uploadInit", "parentId", wayIn, "filename", "x.txt").error(403);
        String viaLink = api.idOf("actions/way-in/inside.txt");
        assertTrue(api.get("metadata", "id", viaLink).object().getBoolean("readOnly"));
        api.call("PUT", "rename", "id", viaLink, "name", "x.txt").error(403);
        assertTrue(Files.exists(dir.resolve("locked/inside.txt")));

        api.call("GET", "customAction", "name", "unlock", "id", locked).ok();
        assertFalse(api.get("metadata", "id", inside).object().getBoolean("readOnly"));
        api.call("PUT", "rename", "id", inside, "name", "renamed.txt").ok();
    }

    /** Locking the root would make the whole store read-only for everybody: refused. */
    @Test
    void theRootCannotBeLocked() {
        String refused = api.call("GET", "customAction", "name", "lock", "id", "/").error(403);
        assertTrue(refused.contains("root"), refused);
        assertFalse(api.get("metadata", "id", "/").object().getBoolean("readOnly"));
        api.call("POST", "createFolder", "parentId", folderId, "name", "still writable").ok();
    }

    /**
     * Only the user who locked an item (any case) or a member of the lock administrators' group
     * (docbridge.locks.admin-group=lock-admins in the pom) may unlock it; the refusal does not say who
     * locked it.
     */
    @Test
    void onlyTheLockerOrALockAdministratorMayUnlock() {
        Store.write(dir, "contract.txt", "signed");
        String id = api.idOf("actions/contract.txt");
        Api locker = api.as("locker@example.com");
        Api colleague = api.as("colleague@example.com");
        locker.call("GET", "customAction", "name", "lock", "id", id).ok();

        String refused = colleague.call("GET", "customAction", "name", "unlock", "id", id).error(403);
        assertTrue(refused.contains("only that user or a lock administrator"), refused);
        assertFalse(refused.contains("locker"), "who locked it is not revealed: " + refused);
        assertTrue(api.get("metadata", "id", id).object().getBoolean("readOnly"), "still locked");

        api.as("LOCKER@Example.COM").call("GET", "customAction", "name", "unlock", "id", id).ok();
        assertFalse(api.get("metadata", "id", id).object().getBoolean("readOnly"));

        locker.call("GET", "customAction", "name", "lock", "id", id).ok();
        api.as("Lock-Admin@example.com").call("GET", "customAction", "name", "unlock", "id", id).ok();
        assertFalse(api.get("metadata", "id", id).object().getBoolean("readOnly"));
        colleague.call("PUT", "rename", "id", id, "name", "contract-v2.txt").ok();
    }

    @Test
    void notifyPostsTheEventAndRetriesUntilTheReceiverTakesIt() {
        answer = n -> n < 3 ? 503 : 200;
        String id = sent("memo.txt", "memo", "ddddddddddddddddddddddddddddddd1");
        JsonObject reply = api.call("GET", "customAction", "name", "notify", "documentId", DOCUMENT,
                "documentVersionId", "ddddddddddddddddddddddddddddddd1").ok().object();
        assertEquals("success", reply.getString("status"));
        assertTrue(reply.getString("message").contains("3 attempts"), reply.toString());
        assertEquals(3, received.size());
        JsonObject event = Json.createReader(new StringReader(received.get(2))).readObject();
        assertEquals(List.of("action", "user", "documentId", "documentVersionId", "id", "title", "time"),
                List.copyOf(event.keySet()));
        assertEquals("notify", event.getString("action"));
        assertEquals(Api.USER, event.getString("user"));
        assertEquals(DOCUMENT, event.getString("documentId"));
        assertEquals("ddddddddddddddddddddddddddddddd1", event.getString("documentVersionId"));
        assertEquals(id, event.getString("id"));
        assertEquals("memo.txt", event.getString("title"));
        java.time.Instant.parse(event.getString("time"));
    }

    @Test
    void notifyGivesUpAfterItsRetriesAndOnTimeouts() {
        answer = n -> 500;
        String id = sent("memo.txt", "memo", "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeee1");
        String message = api.call("GET", "customAction", "name", "notify", "id", id).error(500);
        assertTrue(message.contains("3 attempt"), message);
        assertFalse(message.contains("127.0.0.1"), "the receiver's address stays on the server: " + message);
        assertEquals(3, received.size());

        received.clear();
        calls.set(0);
        answer = n -> -3000; // longer than the configured request-timeout of 1 s
        message = api.call("GET", "customAction", "name", "notify", "id", id).error(500);
        assertTrue(message.contains("no answer within"), message);

        received.clear();
        answer = n -> 404; // a refusal is final
        api.call("GET", "customAction", "name", "notify", "id", id).error(500);
        assertEquals(1, received.size());
    }

    @Test
    void theReceiverComesFromConfigurationNeverFromTheRequest() throws IOException {
        List<String> stolen = new CopyOnWriteArrayList<>();
        HttpServer other = HttpServer.create(new InetSocketAddress("127.0.0.1", RECEIVER_PORT + 1), 0);
        other.createContext("/", exchange -> {
            stolen.add(exchange.getRequestURI().toString());
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        other.start();
        try {
            String id = sent("memo.txt", "memo", "fffffffffffffffffffffffffffffff1");
            String elsewhere = "http://127.0.0.1:" + (RECEIVER_PORT + 1) + "/steal";
            api.call("GET", "customAction", "name", "notify", "id", id, "url", elsewhere, "target", elsewhere).ok();
            assertEquals(1, received.size());
            assertEquals(List.of(), stolen);
        } finally {
            other.stop(0);
        }
    }

    @Test
    void unknownActionsDocumentsAndMissingRightsAnswerTheErrorJson() {
        String id = sent("plain.txt", "x", "1111111111111111111111111111111a");
        assertTrue(api.call("GET", "customAction", "name", "shred", "id", id).error(404).contains("shred"));
        String unknown = api.call("GET", "customAction", "name", "archive", "documentId", "99999999999999999999999999999999",
                "documentVersionId", "88888888888888888888888888888888").error(404);
        assertTrue(unknown.contains("Send To"), unknown);
        api.call("GET", "customAction", "name", "archive").error(400);
        api.call("GET", "customAction", "documentId", DOCUMENT).error(400);
        api.call("GET", "customAction", "name", "archive", "action", "lock", "id", id).error(400);
        api.call("GET", "customAction", "name", "archive", "id", "nosuchid00000000").error(404);

        // a read-only user (see AccessIT's rules) can notify about a document but not archive or lock it
        Store.write(Store.DOCUMENTS, "access/readonly/rule.txt", "ruled");
        String ruled = api.idOf("access/readonly/rule.txt");
        api.call("GET", "customAction", "name", "archive", "id", ruled).error(403);
        api.call("GET", "customAction", "name", "lock", "id", ruled).error(403);
        api.call("GET", "customAction", "name", "notify", "id", ruled).ok();
        assertTrue(Files.exists(Store.DOCUMENTS.resolve("access/readonly/rule.txt")));
        // and an invisible one is not even there for them
        Store.write(Store.DOCUMENTS, "access/hidden/x.txt", "x");
        String hidden = api.as("auditor@example.com").idOf("access/hidden/x.txt");
        api.call("GET", "customAction", "name", "notify", "id", hidden).error(403);
    }
}
