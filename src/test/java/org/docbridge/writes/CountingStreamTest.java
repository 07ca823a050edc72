package org.docbridge.writes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A request body as the write endpoints read it. */
class CountingStreamTest {

    private static final byte[] BODY = "hello, world".getBytes(StandardCharsets.UTF_8); // 12 bytes

    /** Yields {@code good} bytes, then fails as a connection reset would. */
    private static InputStream breakingAfter(int good, IOException failure) {
        return new InputStream() {
            int left = good;

            @Override
            public int read() throws IOException {
                if (left-- <= 0) {
                    throw failure;
                }
                return 'x';
            }
        };
    }

    @Test
    void countsTheBytesOfABodyAsLongAsDeclared() throws IOException {
        CountingStream in = new CountingStream(new ByteArrayInputStream(BODY), BODY.length);
        assertEquals(0, in.count());
        byte[] buffer = new byte[5];
        assertEquals(5, in.read(buffer, 0, 5));
        assertEquals(5, in.count());
        assertEquals('h', buffer[0]);
        assertEquals(5, in.read(buffer, 0, 5));
        assertEquals(", wor", new String(buffer, StandardCharsets.UTF_8));
        assertEquals(10, in.count());
        assertEquals('l', in.read());
        assertEquals('d', in.read());
        assertEquals(12, in.count());
        assertEquals(-1, in.read());
        assertEquals(-1, in.read(buffer, 0, 5));
        assertEquals(12, in.count());
    }

    @Test
    void readAllBytesGivesTheBodyUnchanged() throws IOException {
        byte[] binary = new byte[70_000];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) (i * 31);
        }
        CountingStream in = new CountingStream(new ByteArrayInputStream(binary), binary.length);
        assertArrayEquals(binary, in.readAllBytes());
        assertEquals(binary.length, in.count());
        assertTrue(binary[5] < 0, "bytes above 127 are part of the test");
        CountingStream single = new CountingStream(new ByteArrayInputStream(new byte[] {(byte) 0xff, 0}), 2);
        assertEquals(0xff, single.read(), "read() answers 0..255, never a negative byte");
        assertEquals(0, single.read());
        assertEquals(-1, single.read());
    }

    @Test
    void aBodyShorterThanDeclaredFailsAtItsEndAsTheClients() throws IOException {
        CountingStream in = new CountingStream(new ByteArrayInputStream(BODY), 20);
        byte[] buffer = new byte[100];
        assertEquals(12, in.read(buffer, 0, 100), "what did arrive is handed on");
        CountingStream.ClientFailure e = assertThrows(CountingStream.ClientFailure.class, () -> in.read(buffer, 0, 100));
        assertTrue(e.getMessage().contains("12 of 20"), e.getMessage());
        assertEquals(12, in.count());
        CountingStream single = new CountingStream(new ByteArrayInputStream(BODY), 13);
        assertThrows(CountingStream.ClientFailure.class, single::readAllBytes);
        CountingStream empty = new CountingStream(new ByteArrayInputStream(new byte[0]), 1);
        assertThrows(CountingStream.ClientFailure.class, empty::read);
    }

    @Test
    void aFailureToReadBecomesAClientFailureWithTheCause() throws IOException {
        IOException reset = new IOException("Connection reset by peer");
        CountingStream in = new CountingStream(breakingAfter(3, reset), 100);
        byte[] buffer = new byte[10];
        assertEquals(3, in.read(buffer, 0, 10));
        CountingStream.ClientFailure e = assertThrows(CountingStream.ClientFailure.class, () -> in.read(buffer, 0, 10));
        assertSame(reset, e.getCause());
        assertEquals(3, in.count());
        CountingStream chunked = new CountingStream(breakingAfter(0, reset), -1);
        assertSame(reset, assertThrows(CountingStream.ClientFailure.class, chunked::read).getCause());
    }

    @Test
    void aChunkedBodyEndsNormallyWhereverItEnds() throws IOException {
        CountingStream in = new CountingStream(new ByteArrayInputStream(BODY), -1);
        assertArrayEquals(BODY, in.readAllBytes());
        assertEquals(12, in.count());
        assertEquals(-1, in.read());
        CountingStream empty = new CountingStream(new ByteArrayInputStream(new byte[0]), -1);
        assertEquals(-1, empty.read());
        assertEquals(0, empty.count());
        CountingStream declaredEmpty = new CountingStream(new ByteArrayInputStream(new byte[0]), 0);
        assertEquals(-1, declaredEmpty.read());
    }

    @Test
    void skippingIsRefusedSoThatEveryByteIsCounted() {
        CountingStream in = new CountingStream(new ByteArrayInputStream(BODY), BODY.length);
        assertThrows(IOException.class, () -> in.skip(3));
        assertEquals(0, in.count());
    }

    // --- docbridge.upload.min-rate ---------------------------------------------------------------

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aBodyThatTricklesSlowerThanTheLeastRateIsCutOffAtTheEndOfTheWindow() throws IOException {
        UploadRate rate = new UploadRate(1024, java.time.Duration.ofSeconds(60));
        long start = System.nanoTime();
        CountingStream in = new CountingStream(new ByteArrayInputStream(new byte[100]), 1_000_000, rate);
        in.readNBytes(10);
        in.checkRate(start + 30 * SECOND); // within the window: not judged yet
        CountingStream.TooSlow slow = assertThrows(CountingStream.TooSlow.class, () -> in.checkRate(start + 62 * SECOND));
        assertTrue(slow.getMessage().contains("10 bytes"), slow.getMessage());
        assertTrue(rate.describe().contains("docbridge.upload.min-rate"));
    }

    @Test
    void aSteadyBodyPassesWindowAfterWindowUntilOneBringsTooLittle() throws IOException {
        UploadRate rate = new UploadRate(1024, java.time.Duration.ofSeconds(60));
        long start = System.nanoTime();
        CountingStream in = new CountingStream(new ByteArrayInputStream(new byte[200_000]), 200_000, rate);
        in.readNBytes(61_440); // 1 KiB a second for 60 s
        in.checkRate(start + 61 * SECOND);
        in.readNBytes(61_440);
        in.checkRate(start + 122 * SECOND);
        assertThrows(CountingStream.TooSlow.class, () -> in.checkRate(start + 183 * SECOND)); // a stall
    }

    @Test
    void withoutALeastRateNothingIsTooSlow() throws IOException {
        long start = System.nanoTime();
        CountingStream in = new CountingStream(new ByteArrayInputStream(BODY), BODY.length);
        in.readNBytes(1);
        in.checkRate(start + 3600 * SECOND);
        assertEquals(1, in.count());
    }
}
