package org.docbridge.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** /download: headers, validators, the Range table, and a file larger than the server's heap. */
class DownloadIT extends ProductIT {

    /** Bigger than the test server's -Xmx256m: only streaming can serve it. */
    static final long LARGE = 320L * 1024 * 1024;

    byte[] thousand;
    String thousandId;

    @BeforeEach
    void files() {
        Path dir = Store.fresh("download");
        thousand = new byte[1000];
        for (int i = 0; i < thousand.length; i++) {
            thousand[i] = (byte) (i % 251);
        }
        Store.write(dir, "thousand.bin", thousand);
        Store.write(dir, "report.pdf", "%PDF-1.4");
        Store.write(dir, "Réunion été 会議.txt", "hello");
        Store.write(dir, "quote\"and;semicolon.txt", "q");
        Store.write(dir, "zero.txt", new byte[0]);
        Store.folder(dir, "folder");
        thousandId = api.idOf("download/thousand.bin");
    }

    /** Request headers besides the credentials, which the client adds itself. */
    static Map<String, String> with(String... more) {
        Map<String, String> headers = new java.util.HashMap<>();
        for (int i = 0; i < more.length; i += 2) {
            headers.put(more[i], more[i + 1]);
        }
        return headers;
    }

    @Test
    void sendsTheBytesWithTypeLengthDispositionAndValidators() {
        Api.Reply reply = api.get("download", "id", api.idOf("download/report.pdf"));
        assertEquals(200, reply.status);
        assertEquals("%PDF-1.4", reply.body());
        assertEquals("application/pdf", reply.header("Content-Type"));
        assertEquals("8", reply.header("Content-Length"));
        assertEquals("attachment; filename=\"report.pdf\"", reply.header("Content-Disposition"));
        assertTrue(reply.header("ETag").matches("\"[0-9a-f]+-[0-9a-f]+\""), reply.header("ETag"));
        assertEquals("Fri, 01 Mar 2024 09:15:30 GMT", reply.header("Last-Modified"));
        assertEquals("bytes", reply.header("Accept-Ranges"));
        assertEquals("nosniff", reply.header("X-Content-Type-Options"));
    }

    @Test
    void nonAsciiNamesGetAnAsciiFallbackAndAnRfc5987Name() {
        Api.Reply reply = api.get("download", "id", api.idOf("download/Réunion été 会議.txt"));
        assertEquals("hello", reply.body());
        assertEquals("attachment; filename=\"R_union _t_ __.txt\"; filename*=UTF-8''R%C3%A9union%20%C3%A9t%C3%A9%20"
                + "%E4%BC%9A%E8%AD%B0.txt", reply.header("Content-Disposition"));
        assertEquals("attachment; filename=\"quote_and;semicolon.txt\"; filename*=UTF-8''quote%22and%3Bsemicolon.txt",
                api.get("download", "id", api.idOf("download/quote\"and;semicolon.txt")).header("Content-Disposition"));
    }

    @Test
    void aZeroByteFileIsAnEmptyBodyEvenWhenARangeIsAsked() {
        String id = api.idOf("download/zero.txt");
        Api.Reply reply = api.get("download", "id", id);
        assertEquals(200, reply.status);
        assertEquals("0", reply.header("Content-Length"));
        assertEquals(0, reply.bytes.length);
        Api.Reply range = api.get("download", with("Range", "bytes=0-"), "id", id);
        assertEquals(200, range.status); // as Tomcat: an empty file is sent whole, never 416
        assertNull(range.header("Content-Range"));
        assertEquals(0, range.bytes.length);
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', value = {
        "bytes=0-99       | 206 | 0-99",
        "bytes=0-0        | 206 | 0-0",
        "bytes=900-       | 206 | 900-999",
        "bytes=-100       | 206 | 900-999",
        "bytes=-2000      | 206 | 0-999",
        "bytes=990-5000   | 206 | 990-999",
        "bytes=999-999    | 206 | 999-999",
        "bytes=1000-      | 416 | ",
        "bytes=5000-6000  | 416 | ",
        "bytes=100-50     | 416 | ",
        "bytes=-0         | 416 | ",
        "bytes=abc        | 416 | ",
        "bytes=1-x        | 416 | ",
        "items=0-10       | 200 | ",
    })
    void rangesFollowTheTomcatTable(String range, int status, String served) {
        Api.Reply reply = api.get("download", with("Range", range.trim()), "id", thousandId);
        assertEquals(status, reply.status, reply.body());
        if (status == 206) {
            String[] bounds = served.split("-");
            int first = Integer.parseInt(bounds[0]);
            int last = Integer.parseInt(bounds[1]);
            assertEquals("bytes " + first + "-" + last + "/1000", reply.header("Content-Range"));
            assertEquals(String.valueOf(last - first + 1), reply.header("Content-Length"));
            assertArrayEquals(Arrays.copyOfRange(thousand, first, last + 1), reply.bytes);
        } else if (status == 416) {
            assertEquals("bytes */1000", reply.header("Content-Range"));
            reply.error(416);
        } else {
            assertNull(reply.header("Content-Range"));
            assertArrayEquals(thousand, reply.bytes);
        }
    }

    @Test
    void severalRangesComeAsMultipartByteranges() {
        Api.Reply reply = api.get("download", with("Range", "bytes=0-9,20-29"), "id", thousandId);
        assertEquals(206, reply.status);
        String type = reply.header("Content-Type");
        assertTrue(type.matches("multipart/byteranges; ?boundary=[0-9a-f]+"), type);
        String boundary = type.substring(type.indexOf('=') + 1);
        String body = new String(reply.bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertEquals(String.valueOf(reply.bytes.length), reply.header("Content-Length"));
        assertTrue(body.contains("Content-Range: bytes 0-9/1000"));
        assertTrue(body.contains("Content-Range: bytes 20-29/1000"));
        assertTrue(body.endsWith("--" + boundary + "--\r\n"));
        String part2 = body.substring(body.indexOf("bytes 20-29/1000") + "bytes 20-29/1000\r\n\r\n".length());
        assertArrayEquals(Arrays.copyOfRange(thousand, 20, 30),
                part2.substring(0, 10).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    @Test
    void sixteenWholeFileRangesSendTheFileOnceNotSixteenTimes() {
        Path dir = Store.fresh("download-ranges");
        byte[] tenMegabytes = new byte[10 << 20];
        new Random(7).nextBytes(tenMegabytes);
        Store.write(dir, "ten.bin", tenMegabytes);
        String id = api.idOf("download-ranges/ten.bin");
        Api.Reply reply = api.get("download", with("Range", "bytes=" + String.join(",", java.util.Collections.nCopies(16,
                "0-"))), "id", id);
        assertEquals(206, reply.status);
        assertEquals("bytes 0-10485759/10485760", reply.header("Content-Range"));
        assertEquals("10485760", reply.header("Content-Length"));
        assertArrayEquals(tenMegabytes, reply.bytes);
        Store.delete(dir);
    }

    @Test
    void overlappingRangesAreMergedIntoTheirUnionInFileOrder() {
        Api.Reply reply = api.get("download", with("Range", "bytes=50-59,0-9,5-14,15-19,55-69"), "id", thousandId);
        assertEquals(206, reply.status);
        String type = reply.header("Content-Type");
        String boundary = type.substring(type.indexOf('=') + 1);
        String body = new String(reply.bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertEquals(String.valueOf(reply.bytes.length), reply.header("Content-Length"));
        // two parts: 0-19 and 50-69, each sent once
        String[] parts = body.split("\r\n--" + boundary + "(--)?\r\n");
        assertEquals(3, parts.length, body); // what precedes the first boundary, then two parts
        assertPart(parts[1], 0, 19);
        assertPart(parts[2], 50, 69);
    }

    private void assertPart(String part, int first, int last) {
        String range = "\r\nContent-Range: bytes " + first + "-" + last + "/1000\r\n\r\n";
        assertTrue(part.startsWith("Content-Type: ") && part.contains(range), part);
        assertArrayEquals(Arrays.copyOfRange(thousand, first, last + 1),
                part.substring(part.indexOf(range) + range.length()).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    @Test
    void conditionalRequestsUseTheValidators() {
        Api.Reply full = api.get("download", "id", thousandId);
        String etag = full.header("ETag");
        assertEquals(304, api.get("download", with("If-None-Match", etag), "id", thousandId).status);
        assertEquals(200, api.get("download", with("If-None-Match", "\"other\""), "id", thousandId).status);
        assertEquals(304, api.get("download", with("If-Modified-Since", full.header("Last-Modified")), "id",
                thousandId).status);
        assertEquals(206, api.get("download", with("Range", "bytes=0-9", "If-Range", etag), "id", thousandId).status);
        Api.Reply stale = api.get("download", with("Range", "bytes=0-9", "If-Range", "\"stale\""), "id", thousandId);
        assertEquals(200, stale.status);
        assertEquals(1000, stale.bytes.length);
    }

    @Test
    void headAnswersTheHeadersWithoutABody() {
        Api.Reply head = api.raw("HEAD", "api/download?id=" + thousandId,
                Map.of("apiKey", Api.KEY, "username", Api.USER), false);
        assertEquals(200, head.status);
        assertEquals("1000", head.header("Content-Length"));
        assertEquals(0, head.bytes.length);
    }

    @Test
    void aFolderHasNoContent() {
        api.get("download", "id", api.idOf("download/folder")).error(404);
        api.get("download", "id", "/").error(404);
    }

    @Test
    void aFileLargerThanTheServersHeapArrivesByteForByte() throws Exception {
        Path dir = Store.fresh("download-large");
        Path file = dir.resolve("large.bin");
        MessageDigest written = MessageDigest.getInstance("SHA-256");
        byte[] block = new byte[1 << 20];
        Random random = new Random(42);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long done = 0; done < LARGE; done += block.length) {
                random.nextBytes(block);
                written.update(block);
                out.write(block);
            }
        }
        String id = api.idOf("download-large/large.bin");
        HttpResponse<InputStream> response = api.stream("download", "id", id);
        assertEquals(200, response.statusCode());
        assertEquals(String.valueOf(LARGE), response.headers().firstValue("Content-Length").orElse(null));
        MessageDigest read = MessageDigest.getInstance("SHA-256");
        long total = 0;
        try (InputStream in = response.body()) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                read.update(buffer, 0, n);
                total += n;
            }
        }
        assertEquals(LARGE, total);
        assertEquals(HexFormat.of().formatHex(written.digest()), HexFormat.of().formatHex(read.digest()));
        // the server is still well after streaming more than its heap
        assertNotNull(api.get("metadata", "id", id).object().getString("id"));
        Store.delete(dir);
    }
}
