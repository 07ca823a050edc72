package org.docbridge.connections;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ChunkFramingTest {

    /** The whole body in one piece, and again a byte at a time (framing split across reads). */
    static ChunkFraming check(String body) throws ChunkFraming.MalformedChunkException {
        byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
        ChunkFraming whole = new ChunkFraming();
        whole.check(ByteBuffer.wrap(bytes), 0, bytes.length);
        ChunkFraming bytewise = new ChunkFraming();
        for (int i = 0; i < bytes.length; i++) {
            bytewise.check(ByteBuffer.wrap(bytes), i, i + 1);
        }
        if (whole.done() != bytewise.done()) {
            throw new AssertionError("whole and byte-wise disagree on " + body);
        }
        return whole;
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "5\r\nhello\r\n0\r\n\r\n",
        "5\nhello\n0\n\n", // bare LF, as HTTP allows a recipient to take
        "A\r\n0123456789\r\n0\r\n\r\n",
        "a\r\n0123456789\r\n3\r\nabc\r\n0\r\n\r\n",
        "5;name=value\r\nhello\r\n0\r\n\r\n",
        "5 ;name=\"quoted value\"\r\nhello\r\n0\r\n\r\n",
        "0005\r\nhello\r\n0\r\n\r\n",
        "5\r\nhello\r\n0\r\nX-Checksum: abc\r\nX-Other: d\r\n\r\n",
        "7fffffffffffffff\r\n",
    })
    void soundFramingPasses(String body) {
        assertDoesNotThrow(() -> check(body));
    }

    @Test
    void theEndIsKnownAndWhatFollowsIsNotLookedAt() throws Exception {
        assertTrue(check("5\r\nhello\r\n0\r\n\r\n").done());
        assertTrue(check("0\r\n\r\nGET / HTTP/1.1\r\n\u0000").done(), "the next request's bytes are not this body's");
        assertFalse(check("5\r\nhello\r\n").done());
        assertFalse(check("5\r\nhello\r\n0\r\n").done());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "5\u0000\r\nhello\r\n0\r\n\r\n", // Undertow reads it as 5
        "5zz\r\nhello\r\n0\r\n\r\n",
        "5 x\r\nhello\r\n0\r\n\r\n",
        "zz\r\nhello\r\n0\r\n\r\n",
        "\r\nhello\r\n0\r\n\r\n",
        "-5\r\nhello\r\n0\r\n\r\n",
        "0x5\r\nhello\r\n0\r\n\r\n",
        "5\rhello\r\n0\r\n\r\n",
        "5;a\u0001b\r\nhello\r\n0\r\n\r\n",
        "5\r\nhelloXX\r\n0\r\n\r\n", // Undertow skips to the line's end
        "5\r\nhello\rX0\r\n\r\n",
        "10000000000000000\r\nhello\r\n0\r\n\r\n",
        "8000000000000000\r\n",
        "00000000000000005\r\nhello\r\n0\r\n\r\n",
        "5\r\nhello\r\n0\r\nX-Bad: a\u0000b\r\n\r\n",
        "5\r\nhello\r\n0\r\n\rX",
        "\u00b5\r\nhello\r\n0\r\n\r\n",
    })
    void brokenFramingIsRefused(String body) {
        assertThrows(ChunkFraming.MalformedChunkException.class, () -> check(body));
    }
}
