package org.docbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Upload bodies whose framing is broken, sent by hand, with the default settings: each one fails
 * (docbridge's error JSON, the server's own 400, or a closed connection) and the file keeps the
 * content it had. Which of the two answers it is depends on the server: Payara's Grizzly answers
 * 400 itself to a chunk size it cannot parse, WildFly's Undertow closes the connection. The broken
 * bodies that both servers pass on cut short and intact-looking are in {@link ChunkedRefusedIT}.
 */
class MalformedUploadIT extends ProductIT {

    static final String EARLIER = "the earlier content";
    static final String CHUNKED = "Transfer-Encoding: chunked\r\n";

    Path folder;
    String folderId;

    @BeforeEach
    void folder() {
        folder = Store.fresh("malformed");
        folderId = api.idOf("malformed");
    }

    /** The control: the same hand-written request with sound framing is stored whole. */
    @Test
    void aWellFramedChunkedBodyIsStoredWhole() throws IOException {
        String id = fileWithEarlierContent("sound.txt");
        RawUpload.Answer answer = RawUpload.send(api, id, CHUNKED, "5\r\nhello\r\n7\r\n, world\r\n0\r\n\r\n", false);
        assertEquals(200, answer.status(), answer.toString());
        assertEquals("{\"result\":\"success\"}", answer.body());
        assertEquals("hello, world", api.get("download", "id", id).body());
    }

    static Stream<Arguments> brokenBodies() {
        return Stream.of(
                Arguments.of("a chunk size that is not hex", CHUNKED, "zz\r\nhello\r\n0\r\n\r\n", false),
                Arguments.of("a chunk size over 64 bits", CHUNKED, "10000000000000000\r\nhello\r\n0\r\n\r\n", false),
                Arguments.of("a chunk size over the signed 64-bit range", CHUNKED,
                        "ffffffffffffffff\r\nhello\r\n0\r\n\r\n", false),
                Arguments.of("a body that ends before its last chunk", CHUNKED, "5\r\nhello\r\n", true),
                Arguments.of("a body that ends inside a chunk", CHUNKED, "a\r\nhello", true),
                Arguments.of("a body shorter than its Content-Length", "Content-Length: 100\r\n", "hello", true),
                Arguments.of("a Content-Length with a sign", "Content-Length: +5\r\n", "hello", false),
                Arguments.of("a transfer coding besides chunked", "Transfer-Encoding: gzip, chunked\r\n",
                        "5\r\nhello\r\n0\r\n\r\n", false),
                Arguments.of("a Transfer-Encoding that only starts with chunked", "Transfer-Encoding: chunkedX\r\n",
                        "5\r\nhello\r\n0\r\n\r\n", false),
                Arguments.of("chunked twice", "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n",
                        "5\r\nhello\r\n0\r\n\r\n", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenBodies")
    void aBrokenBodyFailsAndTheFileKeepsItsContent(String what, String headers, String body, boolean endBody)
            throws Exception {
        String id = fileWithEarlierContent("broken.txt");
        RawUpload.Answer answer = RawUpload.send(api, id, headers, body, endBody);
        assertFailed(answer);
        assertKeptEarlierContent(id, folder);
    }

    /** Refused: a 400 (docbridge's own with the upload error JSON) or 411, or a connection closed without an answer. */
    static void assertFailed(RawUpload.Answer answer) {
        if (answer.closedWithoutAnswer()) {
            return;
        }
        assertTrue(answer.status() == 400 || answer.status() == 411, answer.toString());
        if (!answer.body().isEmpty()) { // the server's own 400 has no body
            assertEquals("fail", answer.errorJson().getString("result"), answer.toString());
            assertEquals("error", answer.errorJson().getString("status"), answer.toString());
        }
    }

    static void assertKeptEarlierContent(Api api, String id, Path folder) throws Exception {
        // a connection closed mid-body is noticed by the server a moment later
        for (int i = 0; i < 50 && hasTemporaryFiles(folder); i++) {
            Thread.sleep(100);
        }
        assertFalse(hasTemporaryFiles(folder), "a temporary upload file was left behind");
        assertEquals(EARLIER, api.get("download", "id", id).body());
        assertEquals(EARLIER.length(), api.get("metadata", "id", id).object().getInt("size"));
    }

    private void assertKeptEarlierContent(String id, Path folder) throws Exception {
        assertKeptEarlierContent(api, id, folder);
    }

    String fileWithEarlierContent(String name) {
        return fileWithEarlierContent(api, folderId, name);
    }

    static String fileWithEarlierContent(Api api, String folderId, String name) {
        String id = api.call("POST", "uploadInit", "parentId", folderId, "filename", name).ok().object().getString("id");
        api.upload(id, EARLIER.getBytes(java.nio.charset.StandardCharsets.UTF_8)).ok();
        return id;
    }

    static boolean hasTemporaryFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.anyMatch(p -> p.getFileName().toString().startsWith(".docbridge-"));
        } catch (java.io.UncheckedIOException vanished) {
            return true; // removed by the server while the walk went by: look again
        }
    }
}
