package org.docbridge.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** /createFolder, /rename and /delete: names, conflicts, ids that survive renames, and the root. */
class FolderWritesIT extends ProductIT {

    static final String SUCCESS = "{\"status\":\"success\"}";

    Path folder;
    String folderId;

    @BeforeEach
    void folder() {
        folder = Store.fresh("writes");
        folderId = api.idOf("writes");
    }

    // --- createFolder --------------------------------------------------------------------------

    @Test
    void aNewFolderIsDescribedAndListed() {
        JsonObject created = api.call("POST", "createFolder", "parentId", folderId, "name", "Minutes 2024").ok().object();
        assertEquals("Minutes 2024", created.getString("title"));
        assertEquals("folder", created.getString("kind"));
        assertEquals("", created.getString("viewLink"));
        assertFalse(created.getBoolean("readOnly"));
        assertFalse(created.containsKey("size"));
        assertTrue(Files.isDirectory(folder.resolve("Minutes 2024")));
        assertEquals(created, api.get("metadata", "id", created.getString("id")).object());
        assertEquals(List.of("Minutes 2024"), api.titles(api.get("files", "parentId", folderId).array()));
    }

    @Test
    void aTakenFolderNameGetsANumberAndParametersMayComeAsAForm() {
        api.call("POST", "createFolder", "parentId", folderId, "name", "Drafts").ok();
        JsonObject second = api.callWithForm("POST", "createFolder", "parentId", folderId, "name", "Drafts").ok().object();
        assertEquals("Drafts (1)", second.getString("title"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "..", ".git", "LPT1", "x\u0007y", "\u200b"})
    void aBadFolderNameIsRefused(String name) {
        api.call("POST", "createFolder", "parentId", folderId, "name", name).error(400);
        assertEquals(List.of(), api.titles(api.get("files", "parentId", folderId).array()));
    }

    @Test
    void aFolderCannotBeCreatedInAFileOrInNothing() {
        Store.write(folder, "file.txt", "x");
        api.call("POST", "createFolder", "parentId", api.idOf("writes/file.txt"), "name", "sub").error(400);
        api.call("POST", "createFolder", "parentId", "nosuchid00000000", "name", "sub").error(404);
    }

    // --- rename --------------------------------------------------------------------------------

    @Test
    void idsStayValidAfterRenamesOfTheItemAndOfItsAncestors() {
        Store.write(folder, "a/b/c/deep.txt", "deep");
        String a = api.idOf("writes/a");
        String b = api.idOf("writes/a/b");
        String deep = api.idOf("writes/a/b/c/deep.txt");

        assertEquals(SUCCESS, api.call("PUT", "rename", "id", deep, "name", "renamed.txt").ok().body());
        assertEquals("renamed.txt", api.get("metadata", "id", deep).object().getString("title"));
        assertEquals(SUCCESS, api.call("PUT", "rename", "id", b, "name", "B two").ok().body());
        assertEquals(SUCCESS, api.callWithForm("PUT", "rename", "id", a, "name", "Ä one").ok().body());

        assertEquals("deep", api.get("download", "id", deep).body());
        assertEquals(deep, api.idOf("writes/Ä one/B two/c/renamed.txt"));
        assertEquals(b, api.idOf("writes/Ä one/B two"));
        assertEquals("B two", api.get("metadata", "id", b).object().getString("title"));
        assertTrue(Files.exists(folder.resolve("Ä one/B two/c/renamed.txt")));
    }

    @Test
    void aRenameToATakenNameIsRefusedAndChangesNothing() {
        Store.write(folder, "one.txt", "1");
        Store.write(folder, "two.txt", "2");
        String one = api.idOf("writes/one.txt");
        String message = api.call("PUT", "rename", "id", one, "name", "two.txt").error(400);
        assertTrue(message.contains("two.txt"), message);
        assertEquals("1", api.get("download", "id", one).body());
        assertEquals("2", api.get("download", "id", api.idOf("writes/two.txt")).body());
    }

    @Test
    void renamingToTheSameNameOrOnlyItsCaseWorks() {
        Store.write(folder, "Case.txt", "c");
        String id = api.idOf("writes/Case.txt");
        api.call("PUT", "rename", "id", id, "name", "Case.txt").ok();
        api.call("PUT", "rename", "id", id, "name", "case.TXT").ok();
        assertEquals("case.TXT", api.get("metadata", "id", id).object().getString("title"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../escape.txt", "a/b.txt", "..", ".hidden", "COM1", "bell\u0007"})
    void aBadNewNameIsRefused(String name) {
        Store.write(folder, "keep.txt", "k");
        String id = api.idOf("writes/keep.txt");
        api.call("PUT", "rename", "id", id, "name", name).error(400);
        assertEquals("keep.txt", api.get("metadata", "id", id).object().getString("title"));
        assertTrue(Files.exists(folder.resolve("keep.txt")));
        assertFalse(Files.exists(Store.WORK.resolve("escape.txt")));
    }

    @Test
    void renameNeedsItsParameters() {
        Store.write(folder, "keep.txt", "k");
        api.call("PUT", "rename", "id", api.idOf("writes/keep.txt")).error(400);
        api.call("PUT", "rename", "name", "x").error(400);
        api.call("PUT", "rename", "id", "nosuchid00000000", "name", "x").error(404);
    }

    @Test
    void aRenameDuringADownloadCorruptsNeither() throws Exception {
        byte[] content = new byte[40 * 1024 * 1024];
        new Random(3).nextBytes(content);
        Store.write(folder, "moving/big.bin", content);
        String id = api.idOf("writes/moving/big.bin");
        String parent = api.idOf("writes/moving");

        HttpResponse<InputStream> download = api.stream("download", "id", id);
        MessageDigest read = MessageDigest.getInstance("SHA-256");
        try (InputStream in = download.body()) {
            byte[] buffer = new byte[1 << 16];
            read.update(buffer, 0, in.readNBytes(buffer, 0, buffer.length));
            api.call("PUT", "rename", "id", id, "name", "big renamed.bin").ok();
            api.call("PUT", "rename", "id", parent, "name", "moved").ok();
            for (int n; (n = in.read(buffer)) > 0; ) {
                read.update(buffer, 0, n);
            }
        }
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(content), read.digest());
        assertArrayEquals(content, api.get("download", "id", id).ok().bytes);
        assertEquals(id, api.idOf("writes/moved/big renamed.bin"));
    }

    // --- delete --------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"id", "documentId", "folderId"})
    void deleteTakesEachOfItsThreeParameterNames(String parameter) {
        Store.write(folder, "gone.txt", "x");
        String id = api.idOf("writes/gone.txt");
        assertEquals(SUCCESS, api.call("PUT", "delete", parameter, id).ok().body());
        api.get("metadata", "id", id).error(404);
        api.get("download", "id", id).error(404);
        assertFalse(Files.exists(folder.resolve("gone.txt")));
    }

    @Test
    void aFolderIsDeletedWithAllItHoldsAndItsIdsAreNeverReused() {
        Store.write(folder, "tree/a/b/one.txt", "1");
        Store.write(folder, "tree/two.txt", "2");
        String tree = api.idOf("writes/tree");
        String one = api.idOf("writes/tree/a/b/one.txt");
        String b = api.idOf("writes/tree/a/b");
        assertEquals(SUCCESS, api.callWithForm("PUT", "delete", "folderId", tree).ok().body());
        for (String id : List.of(tree, one, b)) {
            api.get("metadata", "id", id).error(404);
        }
        api.call("PUT", "rename", "id", one, "name", "x").error(404);
        assertEquals(List.of(), api.titles(api.get("files", "parentId", folderId).array()));
        assertFalse(Files.exists(folder.resolve("tree")));
        try (var left = Files.list(folder)) {
            assertEquals(0, left.count(), "nothing hidden is left behind");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }

        // the same names again: new items, new ids
        Store.write(folder, "tree/a/b/one.txt", "new");
        assertNotEquals(one, api.idOf("writes/tree/a/b/one.txt"));
        assertNotEquals(tree, api.idOf("writes/tree"));
    }

    @Test
    void deleteNeedsOneItem() {
        Store.write(folder, "one.txt", "1");
        Store.write(folder, "two.txt", "2");
        api.call("PUT", "delete").error(400);
        api.call("PUT", "delete", "id", api.idOf("writes/one.txt"), "documentId", api.idOf("writes/two.txt")).error(400);
        api.call("PUT", "delete", "id", "nosuchid00000000").error(404);
        assertEquals(2, api.get("files", "parentId", folderId).array().size());
    }

    @Test
    void aDeleteDuringADownloadLetsTheDownloadFinish() throws Exception {
        byte[] content = new byte[8 * 1024 * 1024];
        new Random(5).nextBytes(content);
        Store.write(folder, "reading.bin", content);
        String id = api.idOf("writes/reading.bin");
        HttpResponse<InputStream> download = api.stream("download", "id", id);
        byte[] got;
        try (InputStream in = download.body()) {
            byte[] head = in.readNBytes(1000);
            api.call("PUT", "delete", "id", id).ok();
            byte[] rest = in.readAllBytes();
            got = new byte[head.length + rest.length];
            System.arraycopy(head, 0, got, 0, head.length);
            System.arraycopy(rest, 0, got, head.length, rest.length);
        }
        assertArrayEquals(content, got);
        api.get("download", "id", id).error(404);
    }

    // --- the root ------------------------------------------------------------------------------

    @Test
    void theRootCanBeNeitherRenamedNorDeleted() {
        api.call("PUT", "rename", "id", "/", "name", "elsewhere").error(403);
        api.call("PUT", "delete", "id", "/").error(403);
        api.call("PUT", "delete", "folderId", "/").error(403);
        assertEquals("/", api.get("metadata", "id", "/").object().getString("id"));
        assertTrue(api.titles(api.get("files", "parentId", "/").array()).contains("writes"));
        assertTrue(Files.isDirectory(Store.DOCUMENTS));
    }

    @Test
    void writeAnswersAreTheProtocolsJson() {
        Store.write(folder, "x.txt", "x");
        String id = api.idOf("writes/x.txt");
        assertEquals(SUCCESS, api.call("POST", "rename", "id", id, "name", "y.txt").ok().body());
        assertEquals("application/json", api.call("PUT", "rename", "id", id, "name", "z.txt").header("Content-Type")
                .split(";")[0]);
        assertEquals(SUCCESS, new String(api.call("DELETE", "delete", "id", id).ok().bytes, StandardCharsets.UTF_8));
    }
}
