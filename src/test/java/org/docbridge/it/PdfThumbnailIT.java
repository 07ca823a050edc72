package org.docbridge.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.docbridge.preview.TestPdfs;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * /thumbnail of PDFs, rendered by the renderer processes the WAR carries: the first page at the
 * width asked, every hostile file answered within the time limit (DOCBRIDGE_THUMBNAIL_TIMEOUT, 5 s
 * here) with the server's heap flat, and the cache: repeats from disk, validators, a changed file
 * drawn anew.
 */
class PdfThumbnailIT extends ProductIT {

    // the names below are searched for by no other test: the test servers share one store

    private static final long TIMEOUT_MILLIS = 5_000;
    /** What a hostile file may take beyond the time limit: the kill, the answer, a loaded machine. */
    private static final long SLACK_MILLIS = 4_000;

    @BeforeAll
    static void documents() throws IOException {
        Path dir = Store.fresh("pdf");
        Store.write(dir, "report.pdf", TestPdfs.text(20));
        Store.write(dir, "locked.pdf", TestPdfs.encrypted());
        Store.write(dir, "huge-page.pdf", TestPdfs.page(100_000, 100_000));
        Store.write(dir, "bomb.pdf", TestPdfs.decompressionBomb(1));
        Store.write(dir, "nested.pdf", TestPdfs.nested(200_000));
        Store.write(dir, "nested-dictionaries.pdf", TestPdfs.nestedDictionaries(100_000));
        Store.write(dir, "truncated.pdf", TestPdfs.truncated(20));
        Store.write(dir, "forms.pdf", TestPdfs.exponentialForms(40));
        Store.write(dir, "long.pdf", TestPdfs.text(501)); // DOCBRIDGE_THUMBNAIL_MAX_PAGES is 500 here
        Store.write(dir, "named-like-a-text.txt", TestPdfs.text(1)); // what a file is comes from its bytes
    }

    private BufferedImage picture(Api.Reply reply) throws IOException {
        assertEquals(200, reply.status, reply.body());
        assertEquals("image/png", reply.header("Content-Type"));
        return ImageIO.read(new ByteArrayInputStream(reply.bytes));
    }

    @Test
    void theFirstPageOfAPdfAtTheWidthAsked() throws IOException {
        Api.Reply reply = api.get("thumbnail", "id", api.idOf("pdf/report.pdf"));
        BufferedImage page = picture(reply);
        Store.sample("pdf.png", reply.bytes);
        assertEquals(200, page.getWidth());
        assertTrue(Math.abs(page.getHeight() - 283) <= 1, page.getHeight() + " high"); // A4
        int heading = page.getRGB(100, 22);
        assertTrue((heading & 0xff) > 0x80 && ((heading >> 16) & 0xff) < 0x80, Integer.toHexString(heading));
        assertEquals(600, picture(api.get("thumbnail", "id", api.idOf("pdf/report.pdf"), "size", "600")).getWidth());
        assertEquals(200, picture(api.get("thumbnail", "id", api.idOf("pdf/named-like-a-text.txt"))).getWidth());
    }

    @Test
    void aPageOfOneHundredThousandPointsSquareIsDrawnSmall() throws IOException {
        BufferedImage page = picture(api.get("thumbnail", "id", api.idOf("pdf/huge-page.pdf")));
        assertEquals(200, page.getWidth());
        assertEquals(200, page.getHeight());
    }

    @Test
    void refusalsSayWhy() {
        assertTrue(refusal("locked.pdf", 200).contains("protected by a password"));
        assertTrue(refusal("truncated.pdf", 200).contains("not a PDF docbridge can read"));
        assertTrue(refusal("nested-dictionaries.pdf", 200).contains("no pages"));
        assertTrue(refusal("long.pdf", 200).contains("501 pages; the limit is 500 (docbridge.thumbnail.max-pages)"));
    }

    @Test
    void aPdfThatWouldRenderForeverIsStoppedAtTheTimeLimitAndTheNextRenderWorks() throws IOException {
        long start = System.nanoTime();
        String error = refusal("forms.pdf", 300);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(error.contains("longer than 5.0 s (docbridge.thumbnail.timeout)"), error);
        assertTrue(millis >= TIMEOUT_MILLIS && millis < TIMEOUT_MILLIS + SLACK_MILLIS, millis + " ms");
        // the refusal is remembered: the same file at the same width costs no renderer again
        start = System.nanoTime();
        assertEquals(error, refusal("forms.pdf", 300));
        assertTrue((System.nanoTime() - start) / 1_000_000 < TIMEOUT_MILLIS, "the repeat waited for a renderer");
        assertEquals(201, picture(api.get("thumbnail", "id", api.idOf("pdf/report.pdf"), "size", "201")).getWidth());
    }

    /**
     * Every hostile file, three times at widths never asked before (so nothing comes from the cache):
     * each answered within the time limit, and the server's heap after a full collection within 16 MB
     * of where it was.
     */
    @Test
    void hostileFilesCostTheServerNoMemory() throws Exception {
        Optional<ProcessHandle> server = ServerHeap.server();
        Assumptions.assumeTrue(server.isPresent(), "the server under test is not a process this JVM started");
        List<String> hostile = List.of("locked.pdf", "huge-page.pdf", "bomb.pdf", "nested.pdf", "nested-dictionaries.pdf",
                "truncated.pdf", "long.pdf");
        answerInTime(hostile, 100); // classes loaded, caches of the id catalogue filled
        long before = ServerHeap.usedAfterFullGc(server.get());
        for (int round = 1; round <= 3; round++) {
            answerInTime(hostile, 100 + round);
        }
        long after = ServerHeap.usedAfterFullGc(server.get());
        assertTrue(after - before < 16L << 20, "heap after a full GC: " + before / 1024 + " KB before, " + after / 1024 + " KB after");
        assertEquals(200, api.get("files", "parentId", api.idOf("pdf")).status);
    }

    private void answerInTime(List<String> names, int width) {
        for (String name : names) {
            long start = System.nanoTime();
            Api.Reply reply = api.get("thumbnail", "id", api.idOf("pdf/" + name), "size", Integer.toString(width));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(reply.status == 200 || reply.status == 404, name + ": " + reply.status + " " + reply.body());
            assertTrue(millis < TIMEOUT_MILLIS + SLACK_MILLIS, name + " answered after " + millis + " ms");
        }
    }

    @Test
    void aRepeatComesFromTheCacheWithItsValidator() throws IOException {
        Path file = Store.write(Store.fresh("pdf-cache"), "cached.pdf", TestPdfs.text(3));
        String id = api.idOf("pdf-cache/cached.pdf");
        long cachedBefore = cachedPictures();
        Api.Reply first = api.get("thumbnail", "id", id);
        assertEquals(200, first.status, first.body());
        assertEquals(cachedBefore + 1, cachedPictures());
        String etag = first.header("ETag");
        assertTrue(etag != null && etag.startsWith("\""), etag);
        assertTrue(first.header("Cache-Control").contains("private"), first.header("Cache-Control"));

        Api.Reply repeat = api.get("thumbnail", "id", id);
        assertArrayEquals(first.bytes, repeat.bytes);
        assertEquals(etag, repeat.header("ETag"));
        assertEquals(cachedBefore + 1, cachedPictures());

        Api.Reply notModified = api.get("thumbnail", Map.of("If-None-Match", etag), "id", id);
        assertEquals(304, notModified.status);
        assertEquals(etag, notModified.header("ETag"));
        assertEquals(200, api.get("thumbnail", Map.of("If-None-Match", "\"something-else\""), "id", id).status);
        // "*" would say 304 to a file whose thumbnail is a 404: not honoured
        assertEquals(200, api.get("thumbnail", Map.of("If-None-Match", "*"), "id", id).status);
        assertEquals(404, api.get("thumbnail", Map.of("If-None-Match", "*"), "id", api.idOf("pdf/locked.pdf")).status);
        // another width is another picture, with a validator of its own
        Api.Reply wider = api.get("thumbnail", "id", id, "size", "400");
        assertNotEquals(etag, wider.header("ETag"));

        // new content: a new picture (a one-page PDF of another size), never the old one from the cache
        Files.write(file, TestPdfs.page(400, 100));
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        Api.Reply changed = api.get("thumbnail", "id", id);
        BufferedImage picture = picture(changed);
        assertEquals(50, picture.getHeight());
        assertNotEquals(etag, changed.header("ETag"));
        assertEquals(304, api.get("thumbnail", Map.of("If-None-Match", etag + ", " + changed.header("ETag")), "id", id).status);
    }

    @Test
    void aPdfSentByWorkfrontHasAThumbnailAndANewUploadANewOne() throws IOException {
        Store.fresh("pdf-sent");
        String id = api.sendTo(api.idOf("pdf-sent"), "sent.pdf", TestPdfs.text(2)).getString("id");
        Api.Reply first = api.get("thumbnail", "id", id);
        assertEquals(283, picture(first).getHeight(), 1.0);
        // the same id uploaded again (as the session allows): the cached picture is not the answer
        api.upload(id, TestPdfs.page(400, 100)).ok();
        Api.Reply second = api.get("thumbnail", "id", id);
        assertEquals(50, picture(second).getHeight());
        assertNotEquals(first.header("ETag"), second.header("ETag"));
    }

    private String refusal(String name, int width) {
        return api.get("thumbnail", "id", api.idOf("pdf/" + name), "size", Integer.toString(width)).error(404);
    }

    private static long cachedPictures() throws IOException {
        Path cache = Store.WORK.resolve("thumbnails").resolve("cache");
        if (!Files.isDirectory(cache)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(cache)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".png")).count();
        }
    }
}
