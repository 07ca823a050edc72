package org.docbridge.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** "Send To…": /files, /uploadInit, /upload, then the new document by its id, as Workfront does it. */
class SendToIT extends ProductIT {

    /** Bigger than the test server's -Xmx256m: only streaming can take it. */
    static final long LARGE = 300L * 1024 * 1024;

    String folderId;
    Path folder;

    @BeforeEach
    void folder() {
        folder = Store.fresh("sendto");
        folderId = api.idOf("sendto");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 70_000})
    void theWholeSequenceStoresTheBytesUnderTheNewId(int size) throws Exception {
        byte[] content = new byte[size];
        new Random(size).nextBytes(content);
        api.get("files", "parentId", folderId).array();

        JsonObject created = api.call("POST", "uploadInit", "parentId", folderId, "filename", "Quarterly report.pdf",
                "documentId", "0123456789abcdef0123456789abcdef", "documentVersionId", "fedcba9876543210fedcba9876543210")
                .ok().object();
        assertEquals("Quarterly report.pdf", created.getString("title"));
        assertEquals("file", created.getString("kind"));
        assertEquals(0, created.getInt("size"));
        assertFalse(created.getBoolean("readOnly"));
        String id = created.getString("id");

        Api.Reply uploaded = api.upload(id, content);
        assertEquals(200, uploaded.status, uploaded.body());
        assertEquals("{\"result\":\"success\"}", uploaded.body());

        JsonObject metadata = api.get("metadata", "id", id).object();
        assertEquals("Quarterly report.pdf", metadata.getString("title"));
        assertEquals(size, metadata.getInt("size"));
        assertEquals("application/pdf", metadata.getString("mimeType"));
        assertArrayEquals(content, api.get("download", "id", id).ok().bytes);
        assertArrayEquals(content, Files.readAllBytes(folder.resolve("Quarterly report.pdf")));
        assertEquals(List.of("Quarterly report.pdf"), api.titles(api.get("files", "parentId", folderId).array()));
    }

    @Test
    void aFileLargerThanTheServersHeapStreamsInAndOut() throws Exception {
        Path source = Store.WORK.resolve("sendto-large.bin");
        MessageDigest written = MessageDigest.getInstance("SHA-256");
        try (OutputStream out = Files.newOutputStream(source)) {
            byte[] block = new byte[1 << 20];
            Random random = new Random(7);
            for (long done = 0; done < LARGE; done += block.length) {
                random.nextBytes(block);
                written.update(block);
                out.write(block);
            }
        }
        try {
            String id = api.call("POST", "uploadInit", "parentId", folderId, "filename", "large.bin").ok().object()
                    .getString("id");
            Api.Reply uploaded = api.upload(id, source);
            assertEquals("{\"result\":\"success\"}", uploaded.ok().body());
            assertEquals(LARGE, api.get("metadata", "id", id).object().getJsonNumber("size").longValueExact());

            HttpResponse<InputStream> download = api.stream("download", "id", id);
            assertEquals(200, download.statusCode());
            MessageDigest read = MessageDigest.getInstance("SHA-256");
            try (InputStream in = download.body()) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    read.update(buffer, 0, n);
                }
            }
            assertArrayEquals(written.digest(), read.digest());
        } finally {
            Files.deleteIfExists(source);
        }
    }

    @Test
    void aChunkedBodyIsAcceptedToo() {
        String id = api.call("POST", "uploadInit", "parentId", folderId, "filename", "chunked.txt").ok().object()
                .getString("id");
        byte[] content = "sent in chunks".repeat(10_000).getBytes(StandardCharsets.UTF_8);
        assertEquals("{\"result\":\"success\"}",
                api.uploadChunked(id, () -> new java.io.ByteArrayInputStream(content)).ok().body());
        assertArrayEquals(content, api.get("download", "id", id).ok().bytes);
    }

    @Test
    void parametersMayComeAsAFormBody() {
        JsonObject created = api.callWithForm("POST", "uploadInit", "parentId", folderId, "filename", "form é.txt",
                "documentId", "0123456789abcdef0123456789abcdef", "documentVersionId", "fedcba9876543210fedcba9876543210")
                .ok().object();
        assertEquals("form é.txt", created.getString("title"));
        api.upload(created.getString("id"), "x".getBytes(StandardCharsets.UTF_8)).ok();
        assertEquals(1, api.get("metadata", "id", created.getString("id")).object().getInt("size"));
    }

    // --- names and conflicts -------------------------------------------------------------------

    @Test
    void aTakenNameGetsTheNextFreeNumberedName() {
        Store.write(folder, "report.pdf", "existing");
        List<String> titles = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            titles.add(api.sendTo(folderId, "report.pdf", new byte[] {(byte) i}).getString("title"));
        }
        assertEquals(List.of("report (1).pdf", "report (2).pdf", "report (3).pdf"), titles);
        assertArrayEquals("existing".getBytes(StandardCharsets.UTF_8),
                api.get("download", "id", api.idOf("sendto/report.pdf")).bytes, "the existing file is untouched");
        // a folder of that name takes a number as well
        Store.folder(folder, "notes");
        assertEquals("notes (1)", api.sendTo(folderId, "notes", new byte[0]).getString("title"));
    }

    @Test
    void parallelUploadInitsOfOneNameGetDistinctNames() throws Exception {
        int callers = 12;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Callable<JsonObject>> calls = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                calls.add(() -> api.call("POST", "uploadInit", "parentId", folderId, "filename", "same.txt").ok().object());
            }
            Set<String> titles = new HashSet<>();
            Set<String> ids = new HashSet<>();
            for (Future<JsonObject> f : pool.invokeAll(calls)) {
                titles.add(f.get().getString("title"));
                ids.add(f.get().getString("id"));
            }
            assertEquals(callers, titles.size(), titles.toString());
            assertEquals(callers, ids.size());
            assertEquals(titles, new HashSet<>(api.titles(api.get("files", "parentId", folderId).array())));
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b.txt", "a\\b.txt", ".", "..", ".hidden", "CON", "nul.txt", "tab\there.txt",
            "nul\u0000.txt", "new\nline.txt", "zero\u200bwidth.txt", "right\u202eto-left.txt"})
    void aBadFileNameIsRefusedAndNothingIsCreated(String name) {
        String message = api.call("POST", "uploadInit", "parentId", folderId, "filename", name).error(400);
        assertFalse(message.contains(Store.WORK.toString()), message);
        assertEquals(List.of(), api.titles(api.get("files", "parentId", folderId).array()));
        try (Stream<Path> left = Files.list(folder)) {
            assertEquals(0, left.count());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aNameIsNormalisedToNfcAndBoundedInLength() {
        String decomposed = "Re\u0301union.txt";
        assertEquals("R\u00e9union.txt", api.sendTo(folderId, decomposed, new byte[0]).getString("title"));
        api.call("POST", "uploadInit", "parentId", folderId, "filename", "x".repeat(252) + ".txt").error(400);
        assertEquals("x".repeat(251) + ".txt",
                api.call("POST", "uploadInit", "parentId", folderId, "filename", "x".repeat(251) + ".txt")
                        .ok().object().getString("title"));
    }

    @Test
    void missingOrWrongParametersAreMalformedRequests() {
        api.call("POST", "uploadInit", "parentId", folderId).error(400);
        api.call("POST", "uploadInit", "parentId", folderId, "filename", "x.txt", "documentId", "../../etc").error(400);
        api.call("POST", "uploadInit", "parentId", "nosuchid00000000", "filename", "x.txt").error(404);
        String fileId = api.sendTo(folderId, "plain.txt", new byte[0]).getString("id");
        api.call("POST", "uploadInit", "parentId", fileId, "filename", "x.txt").error(400);
        api.upload("", new byte[1]).uploadError(400);
    }

    // --- the upload's rules --------------------------------------------------------------------

    @Test
    void onlyAnIdFromUploadInitTakesAnUpload() {
        Store.write(folder, "existing.txt", "keep me");
        String existing = api.idOf("sendto/existing.txt");
        String message = api.upload(existing, "overwritten".getBytes(StandardCharsets.UTF_8)).uploadError(400);
        assertTrue(message.contains("uploadInit"), message);
        assertEquals("keep me", api.get("download", "id", existing).body());
        api.upload("nosuchid00000000", new byte[1]).uploadError(404);
        api.upload(folderId, new byte[1]).uploadError(400);
    }

    @Test
    void onlyTheUserWhoStartedAnUploadMayFinishIt() {
        String id = api.call("POST", "uploadInit", "parentId", folderId, "filename", "mine.txt").ok().object()
                .getString("id");
        api.as("somebody-else@example.com").upload(id, new byte[3]).uploadError(403);
        assertEquals(0, api.get("metadata", "id", id).object().getInt("size"));
    }

    @Test
    void repeatingAnUploadReplacesTheContentWhole() {
        String id = api.call("POST", "uploadInit", "parentId", folderId, "filename", "again.txt").ok().object()
                .getString("id");
        api.upload(id, "first version, longer".getBytes(StandardCharsets.UTF_8)).ok();
        api.upload(id, "second".getBytes(StandardCharsets.UTF_8)).ok();
        assertEquals("second", api.get("download", "id", id).body());
        assertEquals(List.of("again.txt"), api.titles(api.get("files", "parentId", folderId).array()));
    }

    @Test
    void anInterruptedUploadStoresNothingAndKeepsThePreviousContent() throws Exception {
        String id = api.call("POST", "uploadInit", "parentId", folderId, "filename", "interrupted.bin").ok().object()
                .getString("id");
        api.upload(id, "complete".getBytes(StandardCharsets.UTF_8)).ok();

        try (Socket socket = rawUpload(id, 50_000_000)) {
            socket.getOutputStream().write(new byte[5_000_000]);
            socket.getOutputStream().flush();
        } // closed halfway

        // the server notices the broken body, discards the temporary file and keeps the old content
        for (int i = 0; i < 50 && hasTemporaryFiles(); i++) {
            Thread.sleep(100);
        }
        assertFalse(hasTemporaryFiles());
        assertEquals("complete", api.get("download", "id", id).body());
        assertEquals(8, api.get("metadata", "id", id).object().getInt("size"));
        assertEquals(List.of("interrupted.bin"), api.titles(api.get("files", "parentId", folderId).array()));
    }

    @Test
    void aBodyShorterThanItsContentLengthIsNeverStored() throws Exception {
        String id = api.call("POST", "uploadInit", "parentId", folderId, "filename", "short.bin").ok().object()
                .getString("id");
        try (Socket socket = rawUpload(id, 1000)) {
            socket.getOutputStream().write(new byte[400]);
            socket.getOutputStream().flush();
            socket.shutdownOutput(); // the client says it is done, 600 bytes short
            socket.getInputStream().readAllBytes();
        }
        assertEquals(0, api.get("metadata", "id", id).object().getInt("size"));
        assertFalse(hasTemporaryFiles());
    }

    @Test
    void uploadingIntoAFolderThatIsDeletedMeanwhileEndsInNotFound() throws Exception {
        Path sub = Store.folder(folder, "doomed");
        String subId = api.idOf("sendto/doomed");
        String id = api.call("POST", "uploadInit", "parentId", subId, "filename", "late.bin").ok().object()
                .getString("id");
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch deleted = new java.util.concurrent.CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Api.Reply> upload = pool.submit(() -> api.uploadChunked(id, () -> new InputStream() {
                int sent;

                @Override
                public int read() {
                    throw new UnsupportedOperationException();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    if (sent == 0) {
                        started.countDown();
                    }
                    if (sent >= 2_000_000) {
                        return -1;
                    }
                    if (sent >= 1_000_000) {
                        try {
                            deleted.await(); // the rest only after the folder is gone
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    int n = Math.min(len, Math.min(64 * 1024, 2_000_000 - sent));
                    sent += n;
                    return n;
                }
            }));
            started.await();
            Thread.sleep(300);
            assertEquals("{\"status\":\"success\"}", api.call("PUT", "delete", "id", subId).ok().body());
            deleted.countDown();
            upload.get().uploadError(404);
        } finally {
            pool.shutdownNow();
        }
        assertFalse(Files.exists(sub));
        api.get("metadata", "id", id).error(404);
    }

    /** A connection that has sent an upload's request head declaring {@code contentLength}, and no body yet. */
    private Socket rawUpload(String id, long contentLength) throws IOException {
        URI uri = URI.create(api.root());
        Socket socket = new Socket(uri.getHost(), uri.getPort());
        socket.getOutputStream().write(("PUT " + uri.getPath() + "api/upload?id=" + id + " HTTP/1.1\r\nHost: localhost\r\n"
                + "apiKey: " + Api.KEY + "\r\nusername: " + Api.USER + "\r\nContent-Length: " + contentLength
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        return socket;
    }

    private boolean hasTemporaryFiles() throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.anyMatch(p -> p.getFileName().toString().startsWith(".docbridge-"));
        }
    }
}
