package org.docbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docbridge.upload.chunked=refuse: uploads only with a Content-Length. These broken chunked bodies
 * reach docbridge from Payara's Grizzly and WildFly's Undertow cut short and looking whole (both
 * skip what follows a chunk's data up to the next line end, or read a bad size line as an extension
 * or as the last chunk), so only refusing every chunked body keeps them out.
 */
@ExtendWith(ArquillianExtension.class)
class ChunkedRefusedIT {

    static final String CHUNKED = MalformedUploadIT.CHUNKED;

    @Deployment(testable = false)
    @TargetsContainer("payara-micro-length-required")
    static WebArchive deployment() {
        return Deployments.product();
    }

    @ArquillianResource
    URL url;

    Api api;
    Path folder;
    String folderId;

    @BeforeEach
    void client() {
        api = new Api(url);
        folder = Store.fresh("chunked-refused");
        folderId = api.idOf("chunked-refused");
    }

    static Stream<Arguments> bodiesTheServersPassOnCutShort() {
        return Stream.of(
                // the body the issue sent: Payara stored "he"
                Arguments.of("a chunk longer than its size line", "2\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("garbage after a chunk's data", "5\r\nhelloXYZ\r\n0\r\n\r\n"),
                Arguments.of("a trailer line that is no header", "5\r\nhello\r\n0\r\ngarbage\r\n\r\n"),
                Arguments.of("a size line with junk after the digits", "5x\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("a last chunk that is not hex", "5\r\nhello\r\nzz\r\n\r\n"),
                Arguments.of("a last chunk with junk after the 0", "5\r\nhello\r\n0x\r\n\r\n"),
                Arguments.of("a well-framed chunked body", "5\r\nhello\r\n0\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodiesTheServersPassOnCutShort")
    void aChunkedBodyIsRefusedAndTheFileKeepsItsContent(String what, String body) throws Exception {
        String id = MalformedUploadIT.fileWithEarlierContent(api, folderId, "refused.txt");
        RawUpload.Answer answer = RawUpload.send(api, id, CHUNKED, body, false);
        // docbridge's 411, or the server's own 400 where it parsed the broken size line first
        MalformedUploadIT.assertFailed(answer);
        MalformedUploadIT.assertKeptEarlierContent(api, id, folder);
    }

    @Test
    void anUploadWithAContentLengthIsStoredAndAChunkedOneIsNot() {
        String id = MalformedUploadIT.fileWithEarlierContent(api, folderId, "lengths.txt");
        String message = api.uploadChunked(id, () -> new ByteArrayInputStream(new byte[70_000])).uploadError(411);
        assertTrue(message.contains("docbridge.upload.chunked"), message);
        assertEquals(MalformedUploadIT.EARLIER, api.get("download", "id", id).body());
        api.upload(id, "with its length".getBytes(StandardCharsets.UTF_8)).ok();
        assertEquals("with its length", api.get("download", "id", id).body());
    }
}
