package org.docbridge.writes;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body as it arrives: counts its bytes, tells a failure to read it (the client went away)
 * from other failures, and treats a body that ends before its declared Content-Length as broken, so
 * that a truncated upload is never stored as if it were whole.
 */
public final class CountingStream extends FilterInputStream {

    /** Reading the body failed: the client's side, not the server's. */
    public static final class ClientFailure extends IOException {
        ClientFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final long declared;
    private long count;

    /** @param declared the Content-Length, or -1 when the body is chunked */
    public CountingStream(InputStream in, long declared) {
        super(in);
        this.declared = declared;
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
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("not supported");
    }
}
