package org.docbridge.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A PUT /upload written by hand over a socket, so that its framing can be as broken as a test
 * needs: no HTTP client sends a chunk longer than its size line.
 */
final class RawUpload {

    /** What came back: the status, or -1 when the connection closed without one, and the body. */
    record Answer(int status, String body) {

        boolean closedWithoutAnswer() {
            return status == -1;
        }

        /** The protocol's error JSON for a failed upload, if the body holds one. */
        JsonObject errorJson() {
            return Json.createReader(new StringReader(body)).readObject();
        }

        @Override
        public String toString() {
            return status == -1 ? "the connection closed without an answer" : status + " " + body;
        }
    }

    private RawUpload() {
    }

    /**
     * Sends the request head with {@code headers} (each ending in CRLF) and then {@code body} as is;
     * {@code endBody} half-closes the connection after it, as a client that stops sending does.
     */
    static Answer send(Api api, String id, String headers, String body, boolean endBody) throws IOException {
        URI root = URI.create(api.root());
        try (Socket socket = new Socket(root.getHost(), root.getPort())) {
            socket.setSoTimeout(20_000);
            String head = "PUT " + root.getPath() + "api/upload?id=" + id + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "apiKey: " + Api.KEY + "\r\nusername: " + Api.USER + "\r\n" + headers + "\r\n";
            socket.getOutputStream().write((head + body).getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            if (endBody) {
                socket.shutdownOutput();
            }
            return read(socket.getInputStream());
        }
    }

    /** One response: its status line, headers and Content-Length body; -1 if nothing came. */
    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try {
            int headEnd = -1;
            long bodyLength = -1;
            for (int b; (b = in.read()) >= 0; ) {
                got.write(b);
                if (headEnd < 0 && got.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                    headEnd = got.size();
                    bodyLength = contentLength(got.toString(StandardCharsets.ISO_8859_1));
                }
                if (headEnd >= 0 && bodyLength >= 0 && got.size() - headEnd >= bodyLength) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no answer within 20 s; so far: " + got.toString(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            // a reset connection is a connection closed without an answer (or after the part read)
        }
        String text = got.toString(StandardCharsets.ISO_8859_1);
        if (!text.startsWith("HTTP/1.1 ") || text.length() < 12) {
            return new Answer(-1, text);
        }
        int bodyStart = text.indexOf("\r\n\r\n");
        return new Answer(Integer.parseInt(text.substring(9, 12)),
                bodyStart < 0 ? "" : new String(got.toByteArray(), bodyStart + 4, got.size() - bodyStart - 4,
                        StandardCharsets.UTF_8));
    }

    private static long contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Long.parseLong(line.substring(15).trim());
            }
        }
        return -1;
    }
}
