package org.docbridge.connections;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.ConduitReadableByteChannel;
import org.xnio.conduits.Conduits;
import org.xnio.conduits.StreamSourceConduit;

/**
 * The raw bytes of a chunked request body on WildFly, on their way from the connection to Undertow's
 * chunk decoder, each checked once by a {@link ChunkFraming}: a read that brings a framing error
 * fails with {@link ChunkFraming.MalformedChunkException}, on which the decoder closes the
 * connection. Transfers go through {@link #read(ByteBuffer)}, so that no byte passes unchecked.
 */
final class CheckedChunksConduit extends AbstractStreamSourceConduit<StreamSourceConduit> {

    private final ChunkFraming framing = new ChunkFraming();

    CheckedChunksConduit(StreamSourceConduit next) {
        super(next);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int from = dst.position();
        int n = next.read(dst);
        if (n > 0) {
            framing.check(dst, from, from + n);
        }
        return n;
    }

    @Override
    public long read(ByteBuffer[] dsts, int offs, int len) throws IOException {
        int[] from = new int[len];
        for (int i = 0; i < len; i++) {
            from[i] = dsts[offs + i].position();
        }
        long n = next.read(dsts, offs, len);
        if (n > 0) {
            for (int i = 0; i < len; i++) {
                framing.check(dsts[offs + i], from[i], dsts[offs + i].position());
            }
        }
        return n;
    }

    @Override
    public long transferTo(long position, long count, FileChannel target) throws IOException {
        return target.transferFrom(new ConduitReadableByteChannel(this), position, count);
    }

    @Override
    public long transferTo(long count, ByteBuffer throughBuffer, StreamSinkChannel target) throws IOException {
        return Conduits.transfer(this, count, throughBuffer, target);
    }
}
