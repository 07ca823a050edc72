package org.docbridge.content;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import org.apache.pdfbox.io.RandomAccessRead;
import org.apache.pdfbox.io.RandomAccessReadView;

/**
 * Lets PDFBox read a document straight from the store's channel through one 64 KB window, instead
 * of copying the whole file into memory first.
 */
final class ChannelRandomAccessRead implements RandomAccessRead {

    private final SeekableByteChannel channel;
    private final long length;
    private final ByteBuffer window = ByteBuffer.allocate(64 * 1024);
    private long windowStart;
    private long position;
    private boolean closed;

    ChannelRandomAccessRead(SeekableByteChannel channel) throws IOException {
        this.channel = channel;
        this.length = channel.size();
        window.limit(0);
    }

    @Override
    public int read() throws IOException {
        if (position >= length) {
            return -1;
        }
        fill();
        return window.get((int) (position++ - windowStart)) & 0xff;
    }

    @Override
    public int read(byte[] bytes, int offset, int count) throws IOException {
        if (count == 0) {
            return 0;
        }
        if (position >= length) {
            return -1;
        }
        fill();
        int at = (int) (position - windowStart);
        int n = Math.min(count, window.limit() - at);
        window.get(at, bytes, offset, n);
        position += n;
        return n;
    }

    /** Makes the window hold the byte at {@code position}. */
    private void fill() throws IOException {
        if (position >= windowStart && position < windowStart + window.limit()) {
            return;
        }
        window.clear();
        channel.position(position);
        while (window.hasRemaining() && channel.read(window) > 0) {
            // keep reading until the window is full or the file ends
        }
        window.flip();
        windowStart = position;
        if (window.limit() == 0) {
            throw new IOException("the file ended early");
        }
    }

    @Override
    public long getPosition() {
        return position;
    }

    @Override
    public void seek(long to) throws IOException {
        if (to < 0) {
            throw new IOException("negative position");
        }
        position = Math.min(to, length);
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean isEOF() {
        return position >= length;
    }

    @Override
    public RandomAccessReadView createView(long start, long count) {
        return new RandomAccessReadView(this, start, count);
    }

    @Override
    public void close() {
        closed = true; // the channel belongs to the caller
    }
}
