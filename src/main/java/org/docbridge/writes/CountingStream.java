package org.docbridge.writes;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body as it arrives: counts its bytes, tells a failure to read it (the client went away)
 * from other failures, and treats a body that ends before its declared Content-Length as broken, so
 * that a truncated upload is never stored as if it were whole. A body that trickles in slower than
 * its {@link UploadRate} is cut off ({@link TooSlow}).
 */
public final class CountingStream extends FilterInputStream {

    /** Reading the body failed: the client's side, not the server's. */
    public static class ClientFailure extends IOException {
        ClientFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The body arrived slower than the least rate: the client's side too. */
    public static final class TooSlow extends ClientFailure {
        TooSlow(String message) {
            super(message, null);
        }
    }

    private final long declared;
    private final UploadRate rate;
    private final long windowNanos;
    private long count;
    private long windowStart = System.nanoTime();
    private long windowStartCount;

    /** @param declared the Content-Length, or -1 when the body is chunked */
    public CountingStream(InputStream in, long declared) {
        this(in, declared, UploadRate.ANY);
    }

    /** @param declared the Content-Length, or -1 when the body is chunked; {@code rate} the least one */
    public CountingStream(InputStream in, long declared, UploadRate rate) {
        super(in);
        this.declared = declared;
        this.rate = rate;
        this.windowNanos = rate.window().toNanos();
    }

    public long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = in.read(b, off, len);
        } catch (IOException e) {
            throw new ClientFailure("the request body could not be read", e);
        }
        if (n < 0) {
            if (declared >= 0 && count < declared) {
                throw new ClientFailure("the request body ended after " + count + " of " + declared + " bytes", null);
            }
            return n;
        }
        count += n;
        checkRate(System.nanoTime());
        return n;
    }

    /** At the end of each window: did it bring enough? */
    void checkRate(long now) throws TooSlow {
        if (rate.bytesPerSecond() <= 0 || now - windowStart < windowNanos) {
            return;
        }
        if (count - windowStartCount < rate.perWindow()) {
            throw new TooSlow("the request body came too slowly: " + (count - windowStartCount) + " bytes in "
                    + (now - windowStart) / 1_000_000_000L + " s");
        }
        windowStart = now;
        windowStartCount = count;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("not supported");
    }
}
