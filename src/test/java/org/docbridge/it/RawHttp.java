package org.docbridge.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP exchange written byte for byte over a socket, so that a request can be as malformed as a
 * test needs (no HTTP client sends a NUL in a header or a body shorter than its Content-Length).
 */
final class RawHttp {

    /**
     * What came back. {@code status} is -1 when the connection closed (or was reset) before a status
     * line; {@code timedOut} when nothing complete came within the time allowed.
     */
    record Answer(int status, String head, byte[] body, boolean timedOut, long millis) {

        boolean closedWithoutAnswer() {
            return status == -1;
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** A header's first value (case-insensitive name), or null. */
        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }

        /** The whole answer as text, for the leak checks and the failure messages. */
        String text() {
            return head + "\r\n\r\n" + new String(body, StandardCharsets.ISO_8859_1);
        }

        String summary() {
            if (timedOut) {
                return "no complete answer in time; so far: " + abbreviate(text());
            }
            return status == -1 ? "closed without an answer" : status + " " + abbreviate(bodyText());
        }

        private static String abbreviate(String s) {
            return s.length() > 300 ? s.substring(0, 300) + "..." : s;
        }
    }

    private RawHttp() {
    }

    /**
     * Sends {@code request} as is; {@code halfClose} then shuts the write side, as a client that stops
     * sending does. A server that closes while the request is still being written is a closed connection.
     */
    static Answer exchange(String host, int port, byte[] request, boolean halfClose, int timeoutMillis)
            throws IOException {
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 5_000);
            socket.setSoTimeout(timeoutMillis);
            try {
                OutputStream out = socket.getOutputStream();
                out.write(request);
                out.flush();
                if (halfClose) {
                    socket.shutdownOutput();
                }
            } catch (IOException refusedWhileWriting) {
                // the server answered (or closed) before the whole request was written: read what it said
            }
            return read(socket.getInputStream(), start);
        }
    }

    private static Answer read(InputStream in, long start) {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        boolean timedOut = false;
        int headEnd = -1;
        long bodyLength = -1;
        boolean chunked = false;
        try {
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                got.write(buffer, 0, n);
                byte[] all = got.toByteArray();
                if (headEnd < 0) {
                    headEnd = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    if (headEnd >= 0) {
                        String head = new String(all, 0, headEnd, StandardCharsets.ISO_8859_1);
                        bodyLength = noBody(head) ? 0 : contentLength(head);
                        chunked = head.toLowerCase(Locale.ROOT).contains("\r\ntransfer-encoding: chunked");
                    }
                }
                if (headEnd >= 0 && complete(all, headEnd + 4, bodyLength, chunked)) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            timedOut = true;
        } catch (IOException reset) {
            // a reset connection ends the answer where it is
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        byte[] all = got.toByteArray();
        String text = new String(all, StandardCharsets.ISO_8859_1);
        if (!text.startsWith("HTTP/1.") || text.length() < 12 || headEnd < 0) {
            return new Answer(-1, text, new byte[0], timedOut && !text.isEmpty(), millis);
        }
        byte[] body = java.util.Arrays.copyOfRange(all, headEnd + 4, all.length);
        if (chunked) {
            body = dechunk(body);
        }
        int status;
        try {
            status = Integer.parseInt(text.substring(9, 12));
        } catch (NumberFormatException e) {
            status = -1;
        }
        return new Answer(status, text.substring(0, headEnd), body, false, millis);
    }

    private static boolean noBody(String head) {
        return head.startsWith("HTTP/1.1 304") || head.startsWith("HTTP/1.1 204") || head.startsWith("HTTP/1.0 304");
    }

    private static boolean complete(byte[] all, int bodyStart, long length, boolean chunked) {
        if (chunked) {
            String tail = new String(all, Math.max(bodyStart, all.length - 7), Math.min(7, all.length - bodyStart),
                    StandardCharsets.ISO_8859_1);
            return tail.endsWith("0\r\n\r\n");
        }
        return length >= 0 && all.length - bodyStart >= length;
    }

    private static byte[] dechunk(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        try {
            while (i < body.length) {
                int lineEnd = indexOf(java.util.Arrays.copyOfRange(body, i, body.length),
                        "\r\n".getBytes(StandardCharsets.ISO_8859_1));
                String size = new String(body, i, lineEnd, StandardCharsets.ISO_8859_1).split(";")[0].trim();
                int n = Integer.parseInt(size, 16);
                if (n == 0) {
                    break;
                }
                out.write(body, i + lineEnd + 2, n);
                i += lineEnd + 2 + n + 2;
            }
        } catch (RuntimeException cut) {
            return body; // not chunked after all, or cut short: keep the bytes as they came
        }
        return out.toByteArray();
    }

    private static long contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                try {
                    return Long.parseLong(line.substring(15).trim());
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    static int indexOf(byte[] data, byte[] part) {
        outer:
        for (int i = 0; i <= data.length - part.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (data[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
