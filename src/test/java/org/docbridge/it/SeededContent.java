package org.docbridge.it;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * Content made from a seed: the same seed and size give the same bytes, so a test can send gigabytes
 * and still know, byte for byte, what it sent, without keeping any of it in memory.
 */
final class SeededContent extends InputStream {

    private final SplittableRandom random;
    private final long size;
    private long produced;
    private long word;
    private int left;

    SeededContent(long seed, long size) {
        this.random = new SplittableRandom(seed);
        this.size = size;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (produced >= size) {
            return -1;
        }
        int n = (int) Math.min(length, size - produced);
        for (int i = 0; i < n; i++) {
            if (left == 0) {
                word = random.nextLong();
                left = 8;
            }
            buffer[offset + i] = (byte) word;
            word >>>= 8;
            left--;
        }
        produced += n;
        return n;
    }

    /** The SHA-256 of the content of {@code seed} and {@code size}, in hex. */
    static String sha256(long seed, long size) {
        try {
            return sha256(new SeededContent(seed, size));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The SHA-256 of all that {@code in} yields, in hex; closes it. */
    static String sha256(InputStream in) throws IOException {
        try (in) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[256 * 1024];
            for (int n; (n = in.read(buffer)) != -1; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
