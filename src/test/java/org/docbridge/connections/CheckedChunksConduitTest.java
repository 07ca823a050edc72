package org.docbridge.connections;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xnio.conduits.StreamSourceConduit;

/**
 * Every way Undertow may read a chunked body through the check sees each byte: the plain read (the
 * way its chunk decoder reads, which the WildFly ITs use), the scatter read and the transfer to a
 * file, which go through the same {@link ChunkFraming}.
 */
class CheckedChunksConduitTest {

    static final String SOUND = "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n";
    static final String BROKEN = "5\u0000\r\nhello\r\n0\r\n\r\n"; // the size line WildFly took as 5

    @TempDir
    Path tmp;

    /** The connection's side: gives the bytes a few at a time, as a socket may. */
    static final class Bytes implements StreamSourceConduit {
        private final ByteBuffer left;
        private final int most;

        Bytes(String body, int most) {
            this.left = ByteBuffer.wrap(body.getBytes(StandardCharsets.ISO_8859_1));
            this.most = most;
        }

        @Override
        public int read(ByteBuffer dst) {
            if (!left.hasRemaining()) {
                return -1;
            }
            int n = Math.min(Math.min(most, left.remaining()), dst.remaining());
            ByteBuffer piece = left.slice();
            piece.limit(n);
            dst.put(piece);
            left.position(left.position() + n);
            return n;
        }

        @Override
        public long read(ByteBuffer[] dsts, int offs, int len) {
            long total = 0;
            for (int i = offs; i < offs + len; i++) {
                int n = read(dsts[i]);
                if (n < 0) {
                    return total == 0 ? -1 : total;
                }
                total += n;
            }
            return total;
        }

        // what the check never asks of the connection's side
        @Override
        public long transferTo(long position, long count, FileChannel target) {
            throw new UnsupportedOperationException("the check transfers through read");
        }

        @Override
        public long transferTo(long count, ByteBuffer throughBuffer, org.xnio.channels.StreamSinkChannel target) {
            throw new UnsupportedOperationException("the check transfers through read");
        }

        @Override
        public void terminateReads() {
        }

        @Override
        public boolean isReadShutdown() {
            return !left.hasRemaining();
        }

        @Override
        public void resumeReads() {
        }

        @Override
        public void suspendReads() {
        }

        @Override
        public void wakeupReads() {
        }

        @Override
        public boolean isReadResumed() {
            return false;
        }

        @Override
        public void awaitReadable() {
        }

        @Override
        public void awaitReadable(long time, java.util.concurrent.TimeUnit unit) {
        }

        @Override
        public org.xnio.XnioIoThread getReadThread() {
            return null;
        }

        @Override
        public void setReadReadyHandler(org.xnio.conduits.ReadReadyHandler handler) {
        }

        @Override
        public org.xnio.XnioWorker getWorker() {
            return null;
        }
    }

    static String scatterRead(CheckedChunksConduit conduit) throws IOException {
        StringBuilder got = new StringBuilder();
        while (true) {
            // buffers that already hold bytes: only the new ones are checked
            ByteBuffer[] dsts = {ByteBuffer.allocate(8).put((byte) 'x'), ByteBuffer.allocate(3), ByteBuffer.allocate(5)};
            int[] from = {1, 0, 0};
            long n = conduit.read(dsts, 0, dsts.length);
            if (n < 0) {
                return got.toString();
            }
            for (int i = 0; i < dsts.length; i++) {
                got.append(new String(dsts[i].array(), from[i], dsts[i].position() - from[i], StandardCharsets.ISO_8859_1));
            }
        }
    }

    @Test
    void aScatterReadPassesASoundBodyWholeAndFailsABrokenOne() throws IOException {
        assertEquals(SOUND, scatterRead(new CheckedChunksConduit(new Bytes(SOUND, 4))));
        assertThrows(ChunkFraming.MalformedChunkException.class,
                () -> scatterRead(new CheckedChunksConduit(new Bytes(BROKEN, 4))));
    }

    @Test
    void aTransferToAFilePassesASoundBodyWholeAndFailsABrokenOne() throws IOException {
        Path file = tmp.resolve("body");
        try (FileChannel target = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            long n = new CheckedChunksConduit(new Bytes(SOUND, 7)).transferTo(0, 1 << 20, target);
            assertEquals(SOUND.length(), n);
        }
        assertArrayEquals(SOUND.getBytes(StandardCharsets.ISO_8859_1), Files.readAllBytes(file));
        try (FileChannel target = FileChannel.open(tmp.resolve("broken"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            assertThrows(ChunkFraming.MalformedChunkException.class,
                    () -> new CheckedChunksConduit(new Bytes(BROKEN, 7)).transferTo(0, 1 << 20, target));
        }
    }

    @Test
    void aPlainReadFailsAtTheBrokenByte() throws IOException {
        CheckedChunksConduit conduit = new CheckedChunksConduit(new Bytes(BROKEN, 1));
        ByteBuffer one = ByteBuffer.allocate(1);
        assertEquals(1, conduit.read(one)); // "5" is a size so far
        one.clear();
        assertThrows(ChunkFraming.MalformedChunkException.class, () -> conduit.read(one));
    }
}
