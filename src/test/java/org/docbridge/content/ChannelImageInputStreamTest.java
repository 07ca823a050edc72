package org.docbridge.content;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.channels.SeekableByteChannel;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The thumbnail's file stream reads, skips and seeks like ImageIO's own streams, across its buffer. */
class ChannelImageInputStreamTest {

    static final byte[] CONTENT = new byte[100_000];

    static {
        new Random(3).nextBytes(CONTENT);
    }

    @Test
    void readsSeeksAndSkipsAnywhereInTheFile() throws IOException {
        try (SeekableByteChannel channel = channel(); ChannelImageInputStream in = new ChannelImageInputStream(channel)) {
            assertEquals(CONTENT.length, in.length());
            assertEquals(CONTENT[0] & 0xff, in.read());
            byte[] across = new byte[20_000]; // from inside the buffer to beyond it
            in.readFully(across);
            assertArrayEquals(Arrays.copyOfRange(CONTENT, 1, 20_001), across);
            in.seek(5);
            assertEquals(CONTENT[5] & 0xff, in.read());
            in.skipBytes(60_000);
            assertEquals(60_006, in.getStreamPosition());
            assertEquals(CONTENT[60_006] & 0xff, in.read());
            in.seek(99_998);
            byte[] tail = new byte[10];
            assertEquals(2, in.read(tail, 0, 10));
            assertEquals(-1, in.read());
            assertEquals(-1, in.read(tail, 0, 10));
            in.seek(16_383); // the last byte of one buffer, then the first of the next
            assertEquals(((CONTENT[16_383] & 0xff) << 8) | (CONTENT[16_384] & 0xff), in.readUnsignedShort());
        }
    }

    @Test
    void closingTheStreamLeavesTheCallersChannelOpen() throws IOException {
        try (SeekableByteChannel channel = channel()) {
            new ChannelImageInputStream(channel).close();
            assertEquals(true, channel.isOpen());
        }
    }

    private static SeekableByteChannel channel() throws IOException {
        Path file = Path.of("target", "channel-image-input-stream.bin");
        Files.write(file, CONTENT);
        return Files.newByteChannel(file);
    }
}
