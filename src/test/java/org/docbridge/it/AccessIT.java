package org.docbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Per-user permissions (BOLA): every endpoint checks the acting user against the access rules the
 * test server gets as environment variables (see the failsafe configuration in the pom):
 * <pre>
 *   reader@example.com read /access          everybody else: write (the default)
 *   * read /access/readonly                   writer@example.com write /access/readonly
 *   * none /access/hidden                     @auditors read /access/hidden
 *   * none /access/team/Layoffs.xlsx          * read /access/team/Final.pdf
 *   * read /access/team/Board
 *   auditors: auditor@example.com, second@example.com
 * </pre>
 */
class AccessIT extends ProductIT {

    static final String AUDITOR = "Auditor@Example.COM"; // user names match ignoring case
    static final String READER = "reader@example.com";
    static final String WRITER = "writer@example.com";

    Path dir;
    String accessId;
    String hiddenId;
    String secretId;
    String hiddenSubId;
    String readonlyId;
    String readonlyFileId;

    @BeforeEach
    void tree() {
        dir = Store.fresh("access");
        Store.write(dir, "hidden/secret salary.txt", "the numbers");
        Store.write(dir, "hidden/sub/deeper.txt", "more");
        Store.write(dir, "readonly/policy.txt", "the policy");
        Store.write(dir, "open/notes.txt", "notes");
        accessId = api.idOf("access");
        Api auditor = api.as(AUDITOR);
        hiddenId = auditor.idOf("access/hidden");
        secretId = auditor.idOf("access/hidden/secret salary.txt");
        hiddenSubId = auditor.idOf("access/hidden/sub");
        readonlyId = api.idOf("access/readonly");
        readonlyFileId = api.idOf("access/readonly/policy.txt");
    }

    @Test
    void aHiddenFolderIsNeitherListedNorFound() {
        assertEquals(List.of("open", "readonly"), api.titles(api.get("files", "parentId", accessId).array()));
        assertEquals(List.of(), api.titles(api.get("search", "query", "salary").array()));
        assertEquals(List.of(), api.titles(api.get("search", "query", "deeper", "parentId", accessId).array()));
        assertEquals(List.of("hidden", "open", "readonly"),
                api.titles(api.as(AUDITOR).get("files", "parentId", accessId).array()));
        assertEquals(List.of("secret salary.txt"), api.titles(api.as(AUDITOR).get("search", "query", "salary").array()));
    }

    @Test
    void everyReadEndpointRefusesAnItemTheUserMayNotSee() {
        for (String id : List.of(hiddenId, secretId, hiddenSubId)) {
            assertNoData(api.get("metadata", "id", id));
            assertNoData(api.postForm("metadata", "id=" + id));
        }
        assertNoData(api.get("files", "parentId", hiddenId));
        assertNoData(api.get("files", "parentId", hiddenSubId));
        assertNoData(api.get("search", "query", "txt", "parentId", hiddenId));
        assertNoData(api.get("download", "id", secretId));
        assertNoData(api.postForm("download", "id=" + secretId));
        assertNoData(api.get("thumbnail", "id", secretId));
    }

    @Test
    void everyWriteEndpointRefusesAnItemTheUserMayNotSee() {
        assertNoData(api.call("POST", "uploadInit", "parentId", hiddenId, "filename", "planted.txt"));
        assertNoData(api.call("POST", "createFolder", "parentId", hiddenSubId, "name", "planted"));
        assertNoData(api.call("PUT", "rename", "id", secretId, "name", "renamed.txt"));
        assertNoData(api.call("PUT", "delete", "documentId", secretId));
        assertNoData(api.call("PUT", "delete", "folderId", hiddenSubId));
        assertTrue(Files.exists(dir.resolve("hidden/secret salary.txt")));
        assertTrue(Files.exists(dir.resolve("hidden/sub/deeper.txt")));
        assertFalse(Files.exists(dir.resolve("hidden/planted.txt")));
        assertFalse(Files.exists(dir.resolve("hidden/sub/planted")));
    }

    @Test
    void aReadOnlyUserSeesReadOnlyAndCannotWrite() {
        Api auditor = api.as(AUDITOR);
        JsonObject secret = auditor.get("metadata", "id", secretId).object();
        assertTrue(secret.getBoolean("readOnly"));
        assertEquals("the numbers", auditor.get("download", "id", secretId).body());
        assertTrue(auditor.get("files", "parentId", hiddenId).array().stream()
                .allMatch(v -> v.asJsonObject().getBoolean("readOnly")));
        auditor.call("POST", "uploadInit", "parentId", hiddenId, "filename", "x.txt").error(403);
        auditor.call("POST", "createFolder", "parentId", hiddenId, "name", "x").error(403);
        auditor.call("PUT", "rename", "id", secretId, "name", "x.txt").error(403);
        auditor.call("PUT", "delete", "id", secretId).error(403);
        assertEquals("the numbers", auditor.get("download", "id", secretId).body());
    }

    @Test
    void aReadGrantMakesAWholeSubtreeReadOnly() {
        Api reader = api.as(READER);
        for (JsonValue v : reader.get("files", "parentId", accessId).array()) {
            assertTrue(v.asJsonObject().getBoolean("readOnly"), v.toString());
        }
        String notes = reader.idOf("access/open/notes.txt");
        assertTrue(reader.get("metadata", "id", notes).object().getBoolean("readOnly"));
        reader.call("PUT", "rename", "id", notes, "name", "x.txt").error(403);
        reader.call("POST", "uploadInit", "parentId", reader.idOf("access/open"), "filename", "x.txt").error(403);
        // outside the rule the default applies
        assertFalse(reader.get("metadata", "id", "/").object().getBoolean("readOnly"));
        // and the same items are writable for everybody else
        assertFalse(api.get("metadata", "id", notes).object().getBoolean("readOnly"));
    }

    @Test
    void aDeeperRuleGrantsWriteToOneUser() {
        assertTrue(api.get("metadata", "id", readonlyFileId).object().getBoolean("readOnly"));
        api.call("POST", "uploadInit", "parentId", readonlyId, "filename", "mine.txt").error(403);
        api.call("PUT", "rename", "id", readonlyFileId, "name", "changed.txt").error(403);

        Api writer = api.as(WRITER);
        assertFalse(writer.get("metadata", "id", readonlyFileId).object().getBoolean("readOnly"));
        JsonObject created = writer.sendTo(readonlyId, "update.txt", "v2".getBytes(StandardCharsets.UTF_8));
        assertEquals("v2", writer.get("download", "id", created.getString("id")).body());
        // an upload session is its user's: another user cannot write through it
        String session = writer.call("POST", "uploadInit", "parentId", readonlyId, "filename", "session.txt").ok()
                .object().getString("id");
        api.upload(session, "hijack".getBytes(StandardCharsets.UTF_8)).uploadError(403);
        assertEquals(0, writer.get("metadata", "id", session).object().getInt("size"));
    }

    @Test
    void aFolderNamedByARuleCannotBeRenamedOrDeleted() {
        Api writer = api.as(WRITER);
        writer.call("PUT", "rename", "id", readonlyId, "name", "escaped").error(403);
        writer.call("PUT", "delete", "id", readonlyId).error(403);
        // nor any folder above one: that would move the protected folder out of its rule
        api.call("PUT", "rename", "id", accessId, "name", "elsewhere").error(403);
        api.call("PUT", "delete", "folderId", accessId).error(403);
        assertTrue(Files.isDirectory(dir.resolve("readonly")));
        // a folder no rule names is the user's to rename
        String open = api.idOf("access/open");
        api.call("PUT", "rename", "id", open, "name", "opened").ok();
        assertEquals("opened", api.get("metadata", "id", open).object().getString("title"));
    }

    @Test
    void aLinkInsideTheStoreOpensNoWayAroundARule() throws Exception {
        Files.createSymbolicLink(dir.resolve("open/to-hidden"), dir.resolve("hidden"));
        Files.createSymbolicLink(dir.resolve("open/policy-link.txt"), dir.resolve("readonly/policy.txt"));
        String open = api.idOf("access/open");

        // the link to the hidden folder is not there for a user who may not see the folder
        assertEquals(List.of("notes.txt", "policy-link.txt"), api.titles(api.get("files", "parentId", open).array()));
        assertEquals(List.of(), api.titles(api.get("search", "query", "to-hidden").array()));
        // an auditor sees it, read-only like its target
        Api auditor = api.as(AUDITOR);
        String link = auditor.idOf("access/open/to-hidden");
        assertTrue(auditor.get("metadata", "id", link).object().getBoolean("readOnly"));
        String throughLink = auditor.idOf("access/open/to-hidden/secret salary.txt");
        assertTrue(auditor.get("metadata", "id", throughLink).object().getBoolean("readOnly"));
        // and by those ids nobody else gets anything
        assertNoData(api.get("metadata", "id", link));
        assertNoData(api.get("files", "parentId", link));
        assertNoData(api.get("download", "id", throughLink));
        assertNoData(api.call("POST", "uploadInit", "parentId", link, "filename", "planted.txt"));
        assertFalse(Files.exists(dir.resolve("hidden/planted.txt")));

        // a link to a read-only file is read-only, though its folder is writable
        String policy = api.idOf("access/open/policy-link.txt");
        assertTrue(api.get("metadata", "id", policy).object().getBoolean("readOnly"));
        assertEquals("the policy", api.get("download", "id", policy).body());
    }

    @Test
    void aLinkToAFolderNamedByARuleCanGoThoughTheFolderStays() throws Exception {
        Files.createSymbolicLink(dir.resolve("open/to-readonly"), dir.resolve("readonly"));
        Api writer = api.as(WRITER);
        String link = writer.idOf("access/open/to-readonly");
        // through the link, the folder's content is the writer's to change, as in the folder itself
        writer.call("PUT", "rename", "id", writer.idOf("access/open/to-readonly/policy.txt"), "name", "p.txt").ok();
        // the link itself is no rule folder: it can be renamed and deleted, and the folder stays
        writer.call("PUT", "rename", "id", link, "name", "shortcut").ok();
        writer.call("PUT", "delete", "id", link).ok();
        assertTrue(Files.isDirectory(dir.resolve("readonly")));
        assertTrue(Files.exists(dir.resolve("readonly/p.txt")));
        assertFalse(Files.exists(dir.resolve("open/shortcut"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aNameClashWithAnItemTheUserMayNotSeeRevealsNothing() throws Exception {
        Store.write(dir, "team/notes.txt", "notes");
        String team = api.idOf("access/team");
        String notes = api.idOf("access/team/notes.txt");
        String open = api.idOf("access/open");
        // a name a rule hides, while nothing holds it: the answer every hidden clash must match
        List<String> free = clashAnswers(team, notes, "Layoffs.xlsx");
        String refusal = free.get(0);
        assertTrue(refusal.startsWith("403 "), refusal);
        assertEquals(List.of(refusal, refusal, refusal), free);

        Store.write(dir, "team/Layoffs.xlsx", "the list");
        // a link the user does not see either, since it leads into a hidden folder; no rule names it
        Files.createSymbolicLink(dir.resolve("team/shortcut"), dir.resolve("hidden"));
        assertEquals(List.of("notes.txt"), api.titles(api.get("files", "parentId", team).array()));
        assertEquals(free, clashAnswers(team, notes, "Layoffs.xlsx"));
        assertEquals(free, clashAnswers(team, notes, "shortcut"));
        // a folder that a rule hides, beside the folder being renamed
        assertEquals(free, clashAnswers(accessId, open, "hidden"));
        for (String leak : List.of("Layoffs", "shortcut", "hidden", "already", "(1)")) {
            assertFalse(refusal.contains(leak), refusal);
        }

        // nothing was made, renamed or numbered around the hidden items
        assertEquals(List.of("notes.txt"), api.titles(api.get("files", "parentId", team).array()));
        assertEquals(List.of("open", "readonly", "team"), api.titles(api.get("files", "parentId", accessId).array()));
        try (Stream<Path> names = Files.list(dir.resolve("team"))) {
            assertEquals(Set.of("Layoffs.xlsx", "notes.txt", "shortcut"),
                    names.map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
        }
        assertEquals("the list", Files.readString(dir.resolve("team/Layoffs.xlsx")));
        // while a clash with an item the user sees is answered as always
        assertEquals("notes (1).txt", api.call("POST", "uploadInit", "parentId", team, "filename", "notes.txt").ok()
                .object().getString("title"));
        String taken = api.call("PUT", "rename", "id", open, "name", "readonly").error(400);
        assertTrue(taken.contains("already holds an item named 'readonly'"), taken);
    }

    /** "status message" of uploadInit, createFolder and a rename of {@code renamed}, each to {@code name}. */
    private List<String> clashAnswers(String folderId, String renamed, String name) {
        return Stream.of(
                api.call("POST", "uploadInit", "parentId", folderId, "filename", name),
                api.call("POST", "createFolder", "parentId", folderId, "name", name),
                api.call("PUT", "rename", "id", renamed, "name", name))
                .map(reply -> reply.status + " " + (reply.status == 200 ? reply.body() : reply.error(reply.status)))
                .toList();
    }

    @Test
    void aNewItemAnswersTheUsersRealLevel() {
        Store.folder(dir, "team");
        String team = api.idOf("access/team");
        JsonObject board = api.call("POST", "createFolder", "parentId", team, "name", "Board").ok().object();
        assertEquals("Board", board.getString("title"));
        assertTrue(board.getBoolean("readOnly"), board.toString());
        assertTrue(api.get("metadata", "id", board.getString("id")).object().getBoolean("readOnly"));
        assertFalse(api.call("POST", "createFolder", "parentId", team, "name", "plans").ok().object()
                .getBoolean("readOnly"));
        assertFalse(api.call("POST", "uploadInit", "parentId", team, "filename", "draft.pdf").ok().object()
                .getBoolean("readOnly"));

        // a placeholder that the following upload could never fill is not made at all
        String message = api.call("POST", "uploadInit", "parentId", team, "filename", "Final.pdf").error(403);
        assertTrue(message.contains("read but not write"), message);
        assertFalse(Files.exists(dir.resolve("team/Final.pdf")));
        // once the file is there (read-only for this user), a new one goes beside it as for any name in use
        Store.write(dir, "team/Final.pdf", "final");
        JsonObject beside = api.call("POST", "uploadInit", "parentId", team, "filename", "Final.pdf").ok().object();
        assertEquals("Final (1).pdf", beside.getString("title"));
        assertFalse(beside.getBoolean("readOnly"));
        api.upload(beside.getString("id"), "v2".getBytes(StandardCharsets.UTF_8)).ok();
        assertEquals("final", api.get("download", "id", api.idOf("access/team/Final.pdf")).body());
    }

    /** 403, the protocol's error JSON, and nothing of the item in it. */
    private static void assertNoData(Api.Reply reply) {
        String message = reply.status == 403 && reply.body().contains("\"result\"")
                ? reply.uploadError(403) : reply.error(403);
        assertFalse(message.contains("salary") || message.contains("secret") || message.contains("hidden"), message);
    }
}
