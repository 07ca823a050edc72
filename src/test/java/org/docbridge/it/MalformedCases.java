package org.docbridge.it;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The malformed-input corpus: one row per request, each with its category, the request as the
 * bytes that go on the wire (built from a short description) and what the answer must be. Strings
 * here are ISO-8859-1, one char a byte, so that {@code \u00ff} is the raw byte 0xFF. Placeholders
 * are filled in at run time: {FILE} a file's id, {FOLDER} the corpus folder's, {UP} a fresh upload
 * placeholder's, {DL} and {VIEW} signed links to the file (path and query below the root).
 */
final class MalformedCases {

    /** What the answer must be, besides never a 5xx and never a leak. */
    enum Expect {
        /** docbridge's error JSON (the upload shape on /upload) with a 4xx. */
        ERROR_JSON,
        /** a read whose broken header HTTP says to ignore: the content (200, 206, 304) or error JSON. */
        READ,
        /** a browser page: docbridge's own HTML page with a 4xx, or the error JSON. */
        PAGE,
        /** the token endpoint: RFC 6749's error JSON, or the error JSON. */
        TOKEN,
        /** odd but sound (a plain-text search for NUL, max=-0): a normal answer or the error JSON. */
        TOLERATED,
        /** a shortfall still open (see PROOF-NOTES-malformed.md): its answer is reported, not asserted. */
        OPEN
    }

    /**
     * One row. {@code serverMay}: on the named list of requests the application server may refuse
     * itself before docbridge sees them (an empty or server's 4xx, or a closed connection).
     */
    record Case(String category, String name, byte[] request, boolean halfClose, Expect expect, int status,
            boolean freshUpload, boolean serverMay) {

        boolean writes() {
            String line = new String(request, 0, Math.min(request.length, 200), StandardCharsets.ISO_8859_1);
            return line.matches("(?s)\\S+ \\S*api/(upload|uploadInit|createFolder|delete|rename|customAction)\\b.*");
        }
    }

    /** A request described by its parts; {@link #bytes} writes it. */
    static final class R {
        String line;
        final List<String> headers = new ArrayList<>();
        String body;
        String contentLength;
        boolean auth = true;
        boolean host = true;
        boolean halfClose;

        static R of(String method, String target) {
            R r = new R();
            r.line = method + " {ROOT}" + target + " HTTP/1.1";
            return r;
        }

        static R line(String requestLine) {
            R r = new R();
            r.line = requestLine;
            return r;
        }

        R h(String header) {
            headers.add(header);
            return this;
        }

        R body(String b) {
            body = b;
            return this;
        }

        R form(String b) {
            return h("Content-Type: application/x-www-form-urlencoded").body(b);
        }

        /** A Content-Length of its own instead of the body's length. */
        R length(String declared) {
            contentLength = declared;
            return this;
        }

        R chunked(String b) {
            contentLength = "";
            return h("Transfer-Encoding: chunked").body(b);
        }

        R noAuth() {
            auth = false;
            return this;
        }

        R noHost() {
            host = false;
            return this;
        }

        /** Shut the write side after the request: a client that sent all it will send. */
        R end() {
            halfClose = true;
            return this;
        }

        byte[] bytes() {
            StringBuilder s = new StringBuilder(line).append("\r\n");
            if (host) {
                s.append("Host: 127.0.0.1\r\n");
            }
            if (auth) {
                s.append("apiKey: ").append(Api.KEY).append("\r\nusername: ").append(Api.USER).append("\r\n");
            }
            for (String header : headers) {
                s.append(header).append("\r\n");
            }
            s.append("Connection: close\r\n");
            if (contentLength == null && body != null) {
                s.append("Content-Length: ").append(body.getBytes(StandardCharsets.ISO_8859_1).length).append("\r\n");
            } else if (contentLength != null && !contentLength.isEmpty()) {
                s.append("Content-Length: ").append(contentLength).append("\r\n");
            }
            s.append("\r\n");
            if (body != null) {
                s.append(body);
            }
            return s.toString().getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    private final List<Case> cases = new ArrayList<>();
    private String category;

    private MalformedCases() {
    }

    /** The whole corpus, in the order it runs. */
    static List<Case> all() {
        MalformedCases c = new MalformedCases();
        MalformedCorpus.methods(c);
        MalformedCorpus.parameters(c);
        MalformedCorpus.encoding(c);
        MalformedCorpus.headers(c);
        MalformedCorpus.ranges(c);
        MalformedFraming.chunked(c);
        MalformedFraming.shortBodies(c);
        MalformedFraming.numbers(c);
        MalformedFraming.multipart(c);
        return c.cases;
    }

    MalformedCases category(String name) {
        category = name;
        return this;
    }

    /** docbridge's error JSON with any 4xx. */
    void json(String name, R r) {
        add(name, r, Expect.ERROR_JSON, 0, false);
    }

    /** docbridge's error JSON with this status. */
    void json(String name, int status, R r) {
        add(name, r, Expect.ERROR_JSON, status, false);
    }

    /** On the named list: the server may refuse it itself; if it reaches docbridge, the error JSON. */
    void server(String name, R r) {
        add(name, r, Expect.ERROR_JSON, 0, true);
    }

    void read(String name, R r) {
        add(name, r, Expect.READ, 0, false);
    }

    void tolerated(String name, R r) {
        add(name, r, Expect.TOLERATED, 0, false);
    }

    void open(String name, R r) {
        add(name, r, Expect.OPEN, 0, false);
    }

    /** A read on the named list: the server may refuse the header itself. */
    void readServer(String name, R r) {
        add(name, r, Expect.READ, 0, true);
    }

    void page(String name, R r) {
        add(name, r, Expect.PAGE, 0, false);
    }

    void token(String name, R r) {
        add(name, r, Expect.TOKEN, 0, false);
    }

    /** An upload to a fresh placeholder that holds earlier content, which must stay. */
    void upload(String name, R r, boolean serverMay) {
        add(name, r, Expect.ERROR_JSON, 0, serverMay, true);
    }

    void upload(String name, int status, R r) {
        add(name, r, Expect.ERROR_JSON, status, false, true);
    }

    private void add(String name, R r, Expect expect, int status, boolean serverMay) {
        add(name, r, expect, status, serverMay, r.line.contains("{UP}"));
    }

    private void add(String name, R r, Expect expect, int status, boolean serverMay, boolean freshUpload) {
        cases.add(new Case(category, name, r.bytes(), r.halfClose, expect, status, freshUpload, serverMay));
    }
}
