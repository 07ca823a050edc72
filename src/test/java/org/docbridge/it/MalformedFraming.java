package org.docbridge.it;

import org.docbridge.it.MalformedCases.R;

/**
 * The corpus's rows about bodies: broken chunked encoding, bodies shorter than their Content-Length,
 * absurd numbers (lengths, offsets, sizes, page sizes, link expiries) and broken multipart bodies.
 * See {@link MalformedCases}.
 */
final class MalformedFraming {

    static final String UP = "api/upload?id={UP}";
    static final String MULTIPART = "Content-Type: multipart/form-data; boundary=XyZ";

    private MalformedFraming() {
    }

    static void chunked(MalformedCases c) {
        c.category("chunked");
        String[][] bodies = {
            {"a chunk size that is not hex", "zz\r\nhello\r\n0\r\n\r\n"},
            {"a negative chunk size", "-5\r\nhello\r\n0\r\n\r\n"},
            {"a chunk size with 0x", "0x5\r\nhello\r\n0\r\n\r\n"},
            {"a chunk size over 64 bits", "10000000000000000\r\nhello\r\n0\r\n\r\n"},
            {"a chunk size of 2^63-1", "7fffffffffffffff\r\nhello\r\n0\r\n\r\n"},
            {"a last chunk that never comes", "5\r\nhello\r\n"},
            {"a body that ends inside a chunk", "a\r\nhello"},
            {"a body that ends inside a size line", "5\r\nhello\r\n1"},
            {"no CRLF after the size line", "5hello\r\n0\r\n\r\n"},
        };
        for (String[] body : bodies) {
            c.upload("upload: " + body[0], R.of("PUT", UP).chunked(body[1]).end(), true);
        }
        // Undertow alone reads the size line "5<NUL>" as 5; on WildFly docbridge checks the framing itself
        // (org.docbridge.connections.UndertowChunkCheck) and the connection is closed, nothing stored
        c.upload("upload: a chunk size with NUL", R.of("PUT", UP).chunked("5\u0000\r\nhello\r\n0\r\n\r\n").end(), true);
        c.upload("upload: a transfer coding besides chunked", R.of("PUT", UP).h("Transfer-Encoding: gzip, chunked")
                .body("5\r\nhello\r\n0\r\n\r\n").length("").end(), true);
        c.upload("upload: an unknown transfer coding", R.of("PUT", UP).h("Transfer-Encoding: bogus")
                .body("hello").length("").end(), true);
        c.upload("upload: chunked and a Content-Length", R.of("PUT", UP).h("Transfer-Encoding: chunked")
                .body("5\r\nhello\r\n0\r\n\r\n").length("3").end(), true);
        c.server("createFolder: a form in chunks with a bad size", R.of("POST", "api/createFolder")
                .h("Content-Type: application/x-www-form-urlencoded").chunked("zz\r\nname=x\r\n0\r\n\r\n").end());
        c.server("createFolder: a form in chunks cut short", R.of("POST", "api/createFolder")
                .h("Content-Type: application/x-www-form-urlencoded").chunked("40\r\nparentId=/&name=x").end());
        c.server("rename: chunked with a size over 64 bits", R.of("PUT", "api/rename?id={FILE}")
                .h("Content-Type: application/x-www-form-urlencoded").chunked("fffffffffffffffff\r\nname=y\r\n0\r\n\r\n").end());
        c.server("token: a chunked body with a bad size", R.of("POST", "oauth/token").noAuth()
                .h("Content-Type: application/x-www-form-urlencoded").chunked("q\r\ngrant_type=x\r\n0\r\n\r\n").end());
    }

    static void shortBodies(MalformedCases c) {
        c.category("short-body");
        c.upload("upload: 5 of 100 bytes", R.of("PUT", UP).body("hello").length("100").end(), true);
        c.upload("upload: 0 of 1 byte", R.of("PUT", UP).body("").length("1").end(), true);
        c.upload("upload: 1 of 1 MiB", R.of("PUT", UP).body("h").length("1048576").end(), true);
        c.upload("upload by POST: 5 of 10 bytes", R.of("POST", UP).body("hello").length("10").end(), true);
        c.server("createFolder: a form shorter than its length", R.of("POST", "api/createFolder")
                .form("parentId={FOLDER}&name=short").length("200").end());
        c.server("uploadInit: a form shorter than its length", R.of("POST", "api/uploadInit")
                .form("parentId={FOLDER}&filename=short.txt").length("500").end());
        c.server("rename: a form shorter than its length", R.of("PUT", "api/rename?id={FILE}")
                .form("name=short.txt").length("99").end());
        c.server("delete: a form shorter than its length", R.of("PUT", "api/delete").form("id={FILE}").length("99").end());
        c.server("metadata: a form shorter than its length", R.of("POST", "api/metadata").form("id={FILE}").length("99").end());
        c.server("token: a form shorter than its length", R.of("POST", "oauth/token").noAuth()
                .form("grant_type=refresh_token").length("300").end());
        c.server("login: a form shorter than its length", R.of("POST", "oauth/login").noAuth()
                .form("username=a").length("300").end());
    }

    static void numbers(MalformedCases c) {
        c.category("numbers");
        // the default limit is 5G = 5 GiB exactly: one byte more is over it, and must be refused from the headers
        c.upload("upload: a Content-Length of 5 GiB + 1 with no body sent", 413, R.of("PUT", UP).length("5368709121"));
        c.upload("upload: a Content-Length of 20 digits", R.of("PUT", UP).body("hello").length("99999999999999999999").end(), true);
        c.upload("upload: a negative Content-Length", R.of("PUT", UP).body("hello").length("-1").end(), true);
        c.upload("upload: a Content-Length of hex", R.of("PUT", UP).body("hello").length("0x5").end(), true);
        c.upload("upload: a Content-Length with a sign", R.of("PUT", UP).body("hello").length("+5").end(), true);
        c.upload("upload: a Content-Length list", R.of("PUT", UP).body("hello").length("5, 6").end(), true);
        c.upload("upload: two different Content-Lengths", R.of("PUT", UP).h("Content-Length: 3").body("hello").length("5").end(),
                true);
        c.upload("upload: a Content-Length of 1e3", R.of("PUT", UP).body("hello").length("1e3").end(), true);
        // refused from its headers (web.FormLimitFilter): Payara's servlet layer would wait for the body
        c.json("createFolder: a form of 5 GiB with no body sent", R.of("POST", "api/createFolder")
                .h("Content-Type: application/x-www-form-urlencoded").length("5368709120"));
        c.server("createFolder: a negative Content-Length", R.of("POST", "api/createFolder")
                .form("parentId={FOLDER}&name=neg").length("-5").end());
        c.server("metadata: a Content-Length of 20 digits", R.of("GET", "api/metadata?id={FILE}")
                .length("99999999999999999999").end());
        String[] counts = {"-1", "abc", "99999999999999999999", "1e3", "2147483648", "0x10", "%00"};
        for (String n : counts) {
            c.json("files max=" + n, 400, R.of("GET", "api/files?parentId={FOLDER}&max=" + n.replace(" ", "%20")));
            c.json("search offset=" + n, 400, R.of("GET", "api/search?query=keep&offset=" + n.replace(" ", "%20")));
        }
        c.tolerated("files max=0", R.of("GET", "api/files?parentId={FOLDER}&max=0"));
        c.tolerated("files max=-0", R.of("GET", "api/files?parentId={FOLDER}&max=-0"));
        c.tolerated("search offset= 5", R.of("GET", "api/search?query=keep&offset=%205"));
        String[] sizes = {"-1", "0", "abc", "99999999999999999999", "2147483648", "100000", "1.5"};
        for (String n : sizes) {
            c.json("thumbnail size=" + n, R.of("GET", "api/thumbnail?id={FILE}&size=" + n));
        }
        String[] expiries = {"-1", "abc", "99999999999999999999", "1e30", ""};
        for (String n : expiries) {
            c.json("link expires=" + n, 403, R.of("GET", "links/download/{FILE}?expires=" + n + "&signature=abc").noAuth());
        }
    }

    static void multipart(MalformedCases c) {
        c.category("multipart");
        String noClose = "--XyZ\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nmp";
        String wrongBoundary = "--AbC\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nmp\r\n--AbC--\r\n";
        String noHeaders = "--XyZ\r\n\r\nmp\r\n--XyZ--\r\n";
        c.json("createFolder: multipart never closed", 400, R.of("POST", "api/createFolder?parentId={FOLDER}")
                .h(MULTIPART).body(noClose).end());
        c.json("createFolder: multipart with another boundary", 400, R.of("POST", "api/createFolder?parentId={FOLDER}")
                .h(MULTIPART).body(wrongBoundary).end());
        c.json("uploadInit: multipart without part headers", 400, R.of("POST", "api/uploadInit?parentId={FOLDER}")
                .h(MULTIPART).body(noHeaders).end());
        c.json("uploadInit: multipart without a boundary", 400, R.of("POST", "api/uploadInit?parentId={FOLDER}")
                .h("Content-Type: multipart/form-data").body(noHeaders).end());
        c.json("rename: multipart never closed", 400, R.of("PUT", "api/rename?id={FILE}").h(MULTIPART).body(noClose).end());
        c.token("token: multipart never closed", R.of("POST", "oauth/token").noAuth().h(MULTIPART).body(noClose).end());
        c.page("login: multipart never closed", R.of("POST", "oauth/login").noAuth().h(MULTIPART).body(noClose).end());
        c.upload("upload: multipart shorter than its length", R.of("PUT", UP).h(MULTIPART).body(noClose).length("500").end(),
                true);
        c.upload("upload: multipart in chunks cut short", R.of("PUT", UP).h(MULTIPART)
                .chunked("100\r\n" + noClose).end(), true);
        c.upload("upload: multipart in chunks with a bad size", R.of("PUT", UP).h(MULTIPART)
                .chunked("zz\r\n" + wrongBoundary + "\r\n0\r\n\r\n").end(), true);
    }
}
