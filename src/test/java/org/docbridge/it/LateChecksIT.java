package org.docbridge.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Checks made where a write takes effect, not only where it starts: a long upload meets a lock placed
 * while its body arrived, or an archive that moved its file where the uploader may only read; and
 * archive makes the checks that rename and delete make. The pom's access rules give
 * {@code late@example.com} read access to {@code /actions-archive} and pin {@code /late-checks/pinned}.
 */
class LateChecksIT extends ProductIT {

    static final String LATE = "late@example.com";
    static final int MB = 1024 * 1024;

    Path dir;
    String folderId;

    @BeforeEach
    void setUp() {
        dir = Store.fresh("late-checks");
        folderId = api.idOf("late-checks");
    }

    /** What the archive action moved away here would surprise the actions' own tests. */
    @AfterEach
    void tearDown() {
        Store.delete(Store.DOCUMENTS.resolve("actions-archive"));
    }

    /** A body of {@code mb} megabytes of {@code fill}, sent 1 MB at a time, 200 ms apart; counts down when it starts. */
    static InputStream slowBody(int mb, byte fill, CountDownLatch started) {
        return new InputStream() {
            int sent;
            final byte[] chunk = filled(MB, fill);

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (sent >= mb * MB) {
                    return -1;
                }
                if (sent % MB == 0) {
                    started.countDown();
                    pause(200);
                }
                int n = Math.min(len, MB - sent % MB);
                System.arraycopy(chunk, 0, b, off, n);
                sent += n;
                return n;
            }
        };
    }

    static byte[] filled(int size, byte fill) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, fill);
        return bytes;
    }

    static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void anUploadMeetsALockPlacedWhileItsBodyArrived() throws Exception {
        byte[] before = filled(MB, (byte) 'a');
        String id = api.sendTo(folderId, "contract.pdf", before).getString("id");
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Api.Reply> upload = CompletableFuture.supplyAsync(
                () -> api.uploadChunked(id, () -> slowBody(20, (byte) 'b', started)));
        assertTrue(started.await(30, TimeUnit.SECONDS));
        pause(1500);
        api.call("GET", "customAction", "name", "lock", "id", id).ok();
        try {
            String error = upload.get(120, TimeUnit.SECONDS).uploadError(403);
            assertTrue(error.contains("locked"), error);
            assertArrayEquals(before, api.get("download", "id", id).ok().bytes, "the locked file keeps its content");
            assertTrue(api.get("metadata", "id", id).ok().object().getBoolean("readOnly"));
        } finally {
            api.call("GET", "customAction", "name", "unlock", "id", id).ok();
        }
        assertNoTemporaryFiles(dir);
    }

    @Test
    void anUploadMeetsAnArchiveThatMovedItsFileWhereTheUploaderMayOnlyRead() throws Exception {
        Api late = api.as(LATE);
        byte[] before = filled(MB, (byte) 'a');
        String id = late.sendTo(folderId, "minutes-" + System.nanoTime() + ".txt", before).getString("id");
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Api.Reply> upload = CompletableFuture.supplyAsync(
                () -> late.uploadChunked(id, () -> slowBody(20, (byte) 'b', started)));
        assertTrue(started.await(30, TimeUnit.SECONDS));
        pause(1500);
        late.call("GET", "customAction", "name", "archive", "id", id).ok();
        String error = upload.get(120, TimeUnit.SECONDS).uploadError(403);
        assertTrue(error.contains("may read"), error);
        assertArrayEquals(before, api.get("download", "id", id).ok().bytes, "the archived file keeps its content");
        assertTrue(late.get("metadata", "id", id).ok().object().getBoolean("readOnly"));
    }

    @Test
    void archiveRefusesAFolderThatAnAccessRuleNamesAsRenameDoes() {
        Store.folder(dir, "pinned");
        String pinned = api.idOf("late-checks/pinned");
        String renamed = api.call("PUT", "rename", "id", pinned, "name", "elsewhere").error(403);
        String archived = api.call("GET", "customAction", "name", "archive", "id", pinned).error(403);
        assertEquals(renamed, archived);
        assertTrue(Files.isDirectory(dir.resolve("pinned")));
    }

    @Test
    void archiveRefusesAFolderHoldingALockedItemAsDeleteDoes() {
        Store.write(dir, "box/kept.txt", "kept");
        String box = api.idOf("late-checks/box");
        String kept = api.idOf("late-checks/box/kept.txt");
        api.call("GET", "customAction", "name", "lock", "id", kept).ok();
        try {
            String deleted = api.call("PUT", "delete", "id", box).error(403);
            String archived = api.call("GET", "customAction", "name", "archive", "id", box).error(403);
            assertEquals(deleted, archived);
            assertTrue(archived.contains("locked"), archived);
            assertTrue(Files.exists(dir.resolve("box/kept.txt")));
        } finally {
            api.call("GET", "customAction", "name", "unlock", "id", kept).ok();
        }
        api.call("GET", "customAction", "name", "archive", "id", box).ok();
        assertTrue(Files.notExists(dir.resolve("box")), "once unlocked, the folder is archived");
    }

    @Test
    void aFolderHoldingALockedItemCannotBeDeletedOrRenamedThroughALink() throws Exception {
        Store.write(dir, "real/sub/x.txt", "x");
        Files.createSymbolicLink(dir.resolve("alias"), dir.resolve("real"));
        String x = api.idOf("late-checks/real/sub/x.txt");
        String subThroughLink = api.idOf("late-checks/alias/sub");
        api.call("GET", "customAction", "name", "lock", "id", x).ok();
        try {
            assertTrue(api.call("PUT", "delete", "id", subThroughLink).error(403).contains("locked"));
            assertTrue(api.call("PUT", "rename", "id", subThroughLink, "name", "elsewhere").error(403).contains("locked"));
            assertEquals("x", Files.readString(dir.resolve("real/sub/x.txt")));
        } finally {
            api.call("GET", "customAction", "name", "unlock", "id", x).ok();
        }
        api.call("PUT", "delete", "id", subThroughLink).ok();
        assertTrue(Files.notExists(dir.resolve("real/sub")), "once unlocked, it is deleted");
    }

    static void assertNoTemporaryFiles(Path folder) throws Exception {
        try (var names = Files.list(folder)) {
            assertEquals(0, names.filter(p -> p.getFileName().toString().startsWith(".docbridge-")).count());
        }
    }
}
