package org.docbridge.connections;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Checks the framing of a chunked request body as its bytes arrive from the connection, strictly
 * (RFC 9112, section 7.1): each chunk's size line is hexadecimal digits, then optionally blanks and
 * chunk extensions starting with {@code ;}, then CRLF; the chunk's data is followed by CRLF; after
 * the last chunk (size 0) come trailer lines and an empty line. A bare LF ends a line as CRLF does
 * (HTTP allows a recipient to take it). Anything else, a NUL or other junk after a size, junk after a
 * chunk's data or a size of more than 16 digits, is refused with {@link MalformedChunkException}.
 * Bytes after the body's end (the next request on the connection) are not looked at. One body, one
 * instance; not thread-safe.
 */
final class ChunkFraming {

    /** The body's chunked framing is broken; the connection carrying it must be closed. */
    static final class MalformedChunkException extends IOException {
        private static final long serialVersionUID = 1L;

        MalformedChunkException(String what) {
            super("malformed chunked request body: " + what);
        }
    }

    private enum State {
        SIZE, SIZE_BLANKS, EXTENSION, SIZE_LF, DATA, DATA_CR, DATA_LF, TRAILER_START, TRAILER, TRAILER_LF, END_LF, DONE
    }

    private static final int MAX_SIZE_DIGITS = 16;

    private State state = State.SIZE;
    private int digits;
    private long remaining;

    /** True once the last chunk and its trailers have been read whole. */
    boolean done() {
        return state == State.DONE;
    }

    /** Checks {@code buffer}'s bytes from {@code from} (inclusive) to {@code to} (exclusive), absolute indexes. */
    void check(ByteBuffer buffer, int from, int to) throws MalformedChunkException {
        int i = from;
        while (i < to && state != State.DONE) {
            if (state == State.DATA) {
                int take = (int) Math.min(remaining, to - i);
                i += take;
                remaining -= take;
                if (remaining == 0) {
                    state = State.DATA_CR;
                }
                continue;
            }
            step(buffer.get(i++) & 0xff);
        }
    }

    private void step(int b) throws MalformedChunkException {
        switch (state) {
            case SIZE -> {
                int hex = Character.digit(b, 16);
                if (hex >= 0 && b < 0x80) {
                    if (++digits > MAX_SIZE_DIGITS || remaining >= 1L << 59) {
                        throw new MalformedChunkException("a chunk size beyond 2^63-1 or of more than "
                                + MAX_SIZE_DIGITS + " digits");
                    }
                    remaining = (remaining << 4) | hex;
                } else if (digits == 0) {
                    throw new MalformedChunkException("a chunk size line that does not start with a hexadecimal digit");
                } else {
                    afterSize(b);
                }
            }
            case SIZE_BLANKS -> afterSize(b);
            case EXTENSION -> {
                if (b == '\r') {
                    state = State.SIZE_LF;
                } else if (b == '\n') {
                    endOfSizeLine();
                } else if (isControl(b)) {
                    throw new MalformedChunkException("a control character in a chunk extension");
                }
            }
            case SIZE_LF -> {
                if (b != '\n') {
                    throw new MalformedChunkException("a CR without LF after a chunk size");
                }
                endOfSizeLine();
            }
            case DATA_CR -> {
                if (b == '\r') {
                    state = State.DATA_LF;
                } else if (b == '\n') {
                    nextChunk();
                } else {
                    throw new MalformedChunkException("more data than the chunk size announced");
                }
            }
            case DATA_LF -> {
                if (b != '\n') {
                    throw new MalformedChunkException("a CR without LF after a chunk's data");
                }
                nextChunk();
            }
            case TRAILER_START -> {
                if (b == '\r') {
                    state = State.END_LF;
                } else if (b == '\n') {
                    state = State.DONE;
                } else if (isControl(b)) {
                    throw new MalformedChunkException("a control character in a trailer");
                } else {
                    state = State.TRAILER;
                }
            }
            case TRAILER -> {
                if (b == '\r') {
                    state = State.TRAILER_LF;
                } else if (b == '\n') {
                    state = State.TRAILER_START;
                } else if (isControl(b)) {
                    throw new MalformedChunkException("a control character in a trailer");
                }
            }
            case TRAILER_LF -> {
                if (b != '\n') {
                    throw new MalformedChunkException("a CR without LF in the trailers");
                }
                state = State.TRAILER_START;
            }
            case END_LF -> {
                if (b != '\n') {
                    throw new MalformedChunkException("a CR without LF at the body's end");
                }
                state = State.DONE;
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

    /** After a size's digits: blanks, then a chunk extension or the line's end. */
    private void afterSize(int b) throws MalformedChunkException {
        if (b == ' ' || b == '\t') {
            state = State.SIZE_BLANKS;
        } else if (b == ';') {
            state = State.EXTENSION;
        } else if (b == '\r') {
            state = State.SIZE_LF;
        } else if (b == '\n') {
            endOfSizeLine();
        } else {
            throw new MalformedChunkException("a byte 0x" + Integer.toHexString(b) + " after a chunk size");
        }
    }

    private void endOfSizeLine() {
        state = remaining == 0 ? State.TRAILER_START : State.DATA;
    }

    private void nextChunk() {
        state = State.SIZE;
        digits = 0;
        remaining = 0;
    }

    private static boolean isControl(int b) {
        return (b < 0x20 && b != '\t') || b == 0x7f;
    }
}
