package org.docbridge.writes;

import java.time.Duration;

/**
 * The slowest upload docbridge keeps receiving ({@code docbridge.upload.min-rate} bytes a second,
 * averaged over each {@code docbridge.upload.rate-window}): a body that trickles in slower holds a
 * request thread and a connection for nothing, and is cut off. A stalled body (nothing at all) is cut
 * off earlier by the server's read timeout. A steady upload of any size, at any realistic rate, passes.
 *
 * @param bytesPerSecond the least average rate over each window; 0 turns the check off
 * @param window how long a stretch the rate is averaged over
 */
public record UploadRate(long bytesPerSecond, Duration window) {

    /** No check at all. */
    public static final UploadRate ANY = new UploadRate(0, Duration.ofSeconds(60));

    /** The least bytes each window must bring. */
    long perWindow() {
        return bytesPerSecond * window.toSeconds();
    }

    /** What the client is told when its upload is cut off. */
    public String describe() {
        return "it arrived at less than " + bytesPerSecond + " bytes a second over " + window.toSeconds()
                + " s (docbridge.upload.min-rate, docbridge.upload.rate-window)";
    }
}
