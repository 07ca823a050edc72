package org.docbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The disk fills up under docbridge: its documents and its state (the embedded database, the keys) on
 * one small file system of the test's own (a tmpfs; the tests run as root). Uploads, creates, renames,
 * deletes and the state writes behind them then fail with the error JSON (507 when the disk is full, as
 * the README says), leave no temporary file, and leave on disk exactly what was answered. When the
 * space comes back, everything works again without a restart, and a restart finds what was answered.
 * On Payara Micro ({@link Node}), and with -Pwildfly on a WildFly of its own ({@link WildFlyNode}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FullDiskIT {

    static final Path WORK = Path.of(Store.WORK + "-full-disk");
    static final Path DISK = WORK.resolve("disk");
    static final Path DOCUMENTS = DISK.resolve("documents");
    static final Path FILLER = DISK.resolve("filler");
    static final long SIZE = 48L << 20;
    static final int UPLOAD = 4 << 20;
    /** An empty file put in the folder, not through docbridge, while the disk is full. */
    static final String DROPPED_IN = "dropped-in-when-full.txt";

    static ServerProcess node;
    static Api api;
    static String folder;
    /** title -> content of every upload that was answered 200 */
    static final Map<String, byte[]> stored = new TreeMap<>();
    /** id -> title of every item whose creation was answered */
    static final Map<String, String> answeredIds = new LinkedHashMap<>();
    static final List<String> figures = new ArrayList<>();

    @BeforeAll
    static void aNodeWhoseDocumentsAndStateShareASmallDisk() throws Exception {
        Store.delete(WORK);
        Files.createDirectories(DISK);
        Ops.run("mount", "-t", "tmpfs", "-o", "size=" + SIZE, "docbridge-full-disk", DISK.toString());
        Files.createDirectories(DOCUMENTS);
        Map<String, String> settings = new TreeMap<>();
        settings.put("DOCBRIDGE_DATA_DIR", DISK.resolve("data").toString());
        settings.put("DOCBRIDGE_STORE_ROOT", DOCUMENTS.toString());
        // the readiness limit is not what this test is about: it goes DOWN only when nothing is left
        settings.put("DOCBRIDGE_HEALTH_MIN_FREE_BYTES", "1");
        node = Proof.server().equals("wildfly") ? new WildFlyNode("full-disk", WORK, settings)
                : new Node("full-disk", WORK, settings);
        node.start();
        node.awaitReady(Duration.ofSeconds(240));
        api = node.api();
        folder = api.call("POST", "createFolder", "parentId", "/", "name", "filling").ok().object().getString("id");
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (node != null) {
                node.close();
            }
        } finally {
            Ops.run("umount", "-l", DISK.toString());
            Proof.report("full-disk", Proof.server(), figures);
        }
    }

    @Test
    @Order(1)
    void uploadsThatFillTheDiskAnswer507AndLeaveNoPartialOrTemporaryFile() throws Exception {
        int refused = 0;
        for (int i = 0; i < 20 && refused == 0; i++) {
            String title = "part-" + i + ".bin";
            Api.Reply init = api.call("POST", "uploadInit", "parentId", folder, "filename", title);
            if (init.status != 200) {
                assertDiskFull(init, "uploadInit");
                refused++;
                break;
            }
            String id = init.object().getString("id");
            answeredIds.put(id, title);
            byte[] content = content(i, UPLOAD);
            Api.Reply upload = api.upload(id, content);
            if (upload.status == 200) {
                stored.put(title, content);
            } else {
                assertDiskFull(upload, "upload");
                refused++;
                // what was answered: the placeholder of uploadInit, empty, and nothing of the refused body
                assertEquals(0, api.get("metadata", "id", id).ok().object().getJsonNumber("size").longValue(),
                        "the refused upload left part of its body in the item");
            }
        }
        assertEquals(1, refused, "the 48 MiB disk never filled up");
        assertTrue(stored.size() >= 5, "only " + stored.size() + " uploads fit on the disk");
        assertNoTemporaryFiles();
        assertStoredIntact();
        figures.add("disk: " + (SIZE >> 20) + " MiB tmpfs, documents and state on it; uploads of " + (UPLOAD >> 20)
                + " MiB: " + stored.size() + " stored, the next refused with 507");
    }

    @Test
    @Order(2)
    void onAFullDiskEveryWriteIsDoneOrRefusedCleanlyAndStateMatchesTheAnswers() throws Exception {
        fill();
        String keep = answeredIds.keySet().iterator().next();
        String keepTitle = answeredIds.get(keep);
        String doomed = new ArrayList<>(answeredIds.keySet()).get(1);
        Map<String, Integer> outcomes = new TreeMap<>();

        Api.Reply created = api.call("POST", "createFolder", "parentId", folder, "name", "made-when-full");
        outcomes.put("createFolder", created.status);
        Api.Reply renamed = api.call("PUT", "rename", "id", keep, "name", "renamed-when-full.bin");
        outcomes.put("rename", renamed.status);
        Api.Reply init = api.call("POST", "uploadInit", "parentId", folder, "filename", "small.txt");
        outcomes.put("uploadInit", init.status);
        Api.Reply small = null;
        if (init.status == 200) {
            answeredIds.put(init.object().getString("id"), "small.txt");
            small = api.upload(init.object().getString("id"), content(99, 256 << 10));
            outcomes.put("upload", small.status);
        }
        Api.Reply deleted = api.call("DELETE", "delete", "id", doomed);
        outcomes.put("delete", deleted.status);
        for (Api.Reply reply : Stream.of(created, renamed, init, small, deleted).filter(r -> r != null).toList()) {
            if (reply.status != 200) {
                assertDiskFull(reply, "a write on the full disk");
            }
        }
        figures.add("writes on a full disk (0 bytes free), their statuses: " + outcomes);

        // reads go on working: the failed writes closed the embedded database under every pooled
        // connection, and a read must not pay for that
        for (String id : answeredIds.keySet()) {
            if (!id.equals(doomed) || deleted.status != 200) {
                readOnFullDisk("metadata", "id", id);
            }
        }

        // a file put there by other means while the disk is full: its listing would record an id for it,
        // and may find no room for that; it is served from the ids already recorded
        Files.createFile(DOCUMENTS.resolve("filling").resolve(DROPPED_IN));

        // what is on disk, and what docbridge serves, is what it answered
        List<String> titles = api.titles(readOnFullDisk("files", "parentId", folder).array());
        figures.add("a listing with a new name to record on the full disk answered 200; the new name was "
                + (titles.contains(DROPPED_IN) ? "listed (its row fitted in the database file's free space)"
                        : "left out until there was room"));
        assertEquals(created.status == 200, titles.contains("made-when-full"), "createFolder answered "
                + created.status + " but the listing is " + titles);
        assertEquals(created.status == 200, Files.isDirectory(DOCUMENTS.resolve("filling/made-when-full")),
                "createFolder answered " + created.status + " but the disk disagrees");
        String renamedTitle = renamed.status == 200 ? "renamed-when-full.bin" : keepTitle;
        assertEquals(renamedTitle, readOnFullDisk("metadata", "id", keep).object().getString("title"));
        assertTrue(Files.exists(DOCUMENTS.resolve("filling").resolve(renamedTitle)), "rename answered "
                + renamed.status + " but the disk has no " + renamedTitle);
        assertEquals(deleted.status == 200, !titles.contains(answeredIds.get(doomed)),
                "delete answered " + deleted.status + " but the listing is " + titles);
        if (deleted.status == 200) {
            stored.remove(answeredIds.remove(doomed));
        }
        if (renamed.status == 200) {
            stored.put("renamed-when-full.bin", stored.remove(keepTitle));
            answeredIds.put(keep, "renamed-when-full.bin");
        }
        if (small != null && small.status == 200) {
            stored.put("small.txt", content(99, 256 << 10));
        }
        assertNoTemporaryFiles();
        assertStoredIntact();
    }

    @Test
    @Order(3)
    void whenSpaceComesBackEverythingWorksWithoutARestart() throws Exception {
        Files.delete(FILLER);
        Ops.awaitReady(node.health(), 60);
        List<String> listed = api.titles(api.get("files", "parentId", folder).ok().array());
        assertTrue(listed.contains(DROPPED_IN), "the file put there while the disk was full is not listed: " + listed);
        // an administrator made a little room; users make more by deleting three of their uploads
        List<String> ids = new ArrayList<>(answeredIds.keySet());
        for (String id : ids.subList(ids.size() - 3, ids.size())) {
            api.call("DELETE", "delete", "id", id).ok();
            stored.remove(answeredIds.remove(id));
        }
        // what the full disk refused works now, with the same names
        String made = api.call("POST", "createFolder", "parentId", folder, "name", "made-later").ok().object()
                .getString("id");
        answeredIds.put(made, "made-later");
        api.call("POST", "createFolder", "parentId", made, "name", "inner").ok();
        JsonObject sent = api.sendTo(folder, "after-space-came-back.bin", content(7, UPLOAD));
        answeredIds.put(sent.getString("id"), "after-space-came-back.bin");
        stored.put("after-space-came-back.bin", content(7, UPLOAD));
        String first = answeredIds.keySet().iterator().next();
        String title = answeredIds.get(first);
        api.call("PUT", "rename", "id", first, "name", "renamed-later.bin").ok();
        stored.put("renamed-later.bin", stored.remove(title));
        answeredIds.put(first, "renamed-later.bin");
        assertStoredIntact();
        assertNoTemporaryFiles();
        figures.add("space freed: ready again, and create, Send To and rename answered 200 without a restart");
    }

    @Test
    @Order(4)
    void aRestartFindsExactlyWhatWasAnswered() throws Exception {
        node.close();
        node.start();
        node.awaitReady(Duration.ofSeconds(240));
        answeredIds.forEach((id, title) -> {
            Api.Reply metadata = api.get("metadata", "id", id);
            if (metadata.status == 200) {
                assertEquals(title, metadata.object().getString("title"), "id " + id + " after the restart");
            } else {
                assertEquals(404, metadata.status, "id " + id + ": " + metadata.body());
            }
        });
        assertStoredIntact();
        assertNoTemporaryFiles();
        figures.add("restart on the same disk: every answered item is there with its id, content intact,"
                + " no temporary file");
    }

    /** Fills what is left of the disk with a file of zeros, to the last byte. */
    private static void fill() throws IOException {
        byte[] block = new byte[64 << 10];
        try (OutputStream out = Files.newOutputStream(FILLER)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
        }
        // the last partial blocks
        try (OutputStream out = Files.newOutputStream(FILLER, java.nio.file.StandardOpenOption.APPEND)) {
            while (true) {
                out.write(0);
                out.flush();
            }
        } catch (IOException full) {
            // full to the byte
        }
    }

    /**
     * A read on the full disk. It answers 200; only when the embedded database was closed again by
     * a failed write of the index's watch meanwhile, and its read's own retries met that too, may it
     * answer the disk-full 507, and then it answers 200 when asked again, as a client would.
     */
    private static Api.Reply readOnFullDisk(String path, String... params) throws Exception {
        for (int attempt = 1; ; attempt++) {
            Api.Reply reply = api.get(path, params);
            if (reply.status == 200 || attempt == 3) {
                return reply.ok();
            }
            assertDiskFull(reply, "a read of " + path);
            figures.add("a read of " + path + " on the full disk answered 507 (attempt " + attempt + ")");
            Thread.sleep(200);
        }
    }

    private static void assertDiskFull(Api.Reply reply, String what) {
        assertEquals(507, reply.status, what + " on a full disk: " + reply.status + " " + reply.body());
        String type = String.valueOf(reply.header("Content-Type"));
        assertTrue(type.startsWith("application/json"), what + ": " + type + " " + reply.body());
        JsonObject error = reply.object();
        assertEquals("error", error.getString("status"), reply.body());
        String message = error.getString("error");
        assertTrue(message.contains("disk") && message.contains("full"), "not a message an admin can act on: "
                + message);
        assertFalse(message.contains(DISK.toString()) || message.contains("/root") || message.contains("Exception"),
                "the error shows a server path or a class: " + message);
    }

    private static void assertNoTemporaryFiles() throws IOException {
        try (Stream<Path> files = Files.walk(DOCUMENTS)) {
            List<String> temporary = files.map(p -> p.getFileName().toString())
                    .filter(name -> name.startsWith(".docbridge-")).toList();
            assertEquals(List.of(), temporary, "temporary files left in the store");
        }
    }

    /** Every stored upload is listed and its download is the content sent; nothing else has content. */
    private static void assertStoredIntact() {
        Map<String, Long> listed = new TreeMap<>();
        api.get("files", "parentId", folder).ok().array().stream().map(JsonObject.class::cast)
                .filter(d -> !"folder".equals(d.getString("type", "")) && d.containsKey("size"))
                .forEach(d -> listed.put(d.getString("title"), d.getJsonNumber("size").longValue()));
        stored.forEach((title, content) -> {
            assertEquals(Long.valueOf(content.length), listed.get(title), title + " in " + listed);
            String id = api.idOf("filling/" + title);
            assertTrue(java.util.Arrays.equals(content, api.get("download", "id", id).ok().bytes), title + " is not what was sent");
        });
        listed.forEach((title, size) -> assertTrue(stored.containsKey(title) || size == 0,
                title + " has " + size + " bytes that no answered upload sent"));
    }

    private static byte[] content(int seed, int size) {
        byte[] content = new byte[size];
        new Random(seed).nextBytes(content);
        return content;
    }
}
