package org.docbridge.content;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import javax.imageio.stream.ImageInputStreamImpl;

/**
 * An image stream that reads a file through its channel and keeps nothing it has read but one small
 * buffer. ImageIO's own streams over an {@code InputStream} keep every byte read, so that a reader
 * skipping a 100 MB chunk would hold 100 MB; here a skip is a seek. The channel belongs to the
 * caller and stays open when this stream is closed.
 */
final class ChannelImageInputStream extends ImageInputStreamImpl {

    private static final int BUFFER = 16 * 1024;

    private final SeekableByteChannel channel;
    /** Holds the file's bytes from {@link #bufferStart} up to its limit. */
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER).limit(0);
    private long bufferStart;

    ChannelImageInputStream(SeekableByteChannel channel) {
        this.channel = channel;
    }

    @Override
    public int read() throws IOException {
        checkClosed();
        bitOffset = 0;
        if (!buffered() && !fill()) {
            return -1;
        }
        int b = buffer.get((int) (streamPos - bufferStart)) & 0xff;
        streamPos++;
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        checkClosed();
        if (off < 0 || len < 0 || off + len > b.length || off + len < 0) {
            throw new IndexOutOfBoundsException("off " + off + ", len " + len + ", array " + b.length);
        }
        bitOffset = 0;
        if (len == 0) {
            return 0;
        }
        if (!buffered()) {
            if (len >= BUFFER) {
                // a large read goes straight into the caller's array
                channel.position(streamPos);
                int n = channel.read(ByteBuffer.wrap(b, off, len));
                if (n > 0) {
                    streamPos += n;
                }
                return n < 0 ? -1 : n;
            }
            if (!fill()) {
                return -1;
            }
        }
        int at = (int) (streamPos - bufferStart);
        int n = Math.min(len, buffer.limit() - at);
        buffer.get(at, b, off, n);
        streamPos += n;
        return n;
    }

    @Override
    public long length() {
        try {
            return channel.size();
        } catch (IOException e) {
            return -1;
        }
    }

    private boolean buffered() {
        return streamPos >= bufferStart && streamPos < bufferStart + buffer.limit();
    }

    /** Reads at least one byte at the stream's position into the buffer; false at the end of the file. */
    private boolean fill() throws IOException {
        channel.position(streamPos);
        bufferStart = streamPos;
        buffer.clear();
        int n;
        do {
            n = channel.read(buffer);
        } while (n == 0);
        buffer.flip();
        return n > 0;
    }
}
