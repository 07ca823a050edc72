package org.docbridge.it;

import org.docbridge.it.MalformedCases.R;

/**
 * The corpus's rows about the request line, the parameters, their encoding, the headers, and the
 * Range and conditional headers of the downloads. See {@link MalformedCases}.
 */
final class MalformedCorpus {

    /** Every endpoint with parameters that would make a sound call of it (writes aim at nothing real). */
    static final String[][] ENDPOINTS = {
        {"GET", "api/metadata?id={FILE}"},
        {"GET", "api/files?parentId={FOLDER}"},
        {"GET", "api/search?query=keep"},
        {"GET", "api/download?id={FILE}"},
        {"GET", "api/thumbnail?id={FILE}&size=64"},
        {"POST", "api/uploadInit?parentId={FOLDER}&filename=new.txt"},
        {"PUT", "api/upload?id={UP}"},
        {"POST", "api/createFolder?parentId={FOLDER}&name=new"},
        {"PUT", "api/delete?id={FILE}"},
        {"PUT", "api/rename?id={FILE}&name=renamed.txt"},
        {"GET", "api/serviceInfo"},
        {"GET", "api/customAction?name=archive&documentId={FILE}"},
    };

    static final String LONG = "x".repeat(100_000);

    private MalformedCorpus() {
    }

    static void methods(MalformedCases c) {
        c.category("method");
        for (String[] e : ENDPOINTS) {
            c.json("PATCH " + path(e[1]), 405, R.of("PATCH", e[1]));
        }
        for (String target : new String[] {"links/view/{FILE}", "links/download/{FILE}", "links/page/{FILE}",
                "links/thumbnail/{FILE}"}) {
            c.json("PATCH " + target, 405, R.of("PATCH", target));
        }
        for (String target : new String[] {"oauth/authorize", "oauth/login", "oauth/consent", "oauth/logout"}) {
            c.page("PATCH " + target, R.of("PATCH", target));
        }
        c.token("PATCH oauth/token", R.of("PATCH", "oauth/token"));
        c.token("GET oauth/token", R.of("GET", "oauth/token?grant_type=refresh_token"));
        c.json("PATCH admin/users", R.of("PATCH", "admin/users"));
        c.json("DELETE on a read: /metadata", 405, R.of("DELETE", "api/metadata?id={FILE}"));
        c.json("GET on a write: /upload", 405, R.of("GET", "api/upload?id={UP}"));
        c.json("GET on a write: /rename", 405, R.of("GET", "api/rename?id={FILE}&name=x"));
        c.json("an unknown method FOO", R.of("FOO", "api/metadata?id={FILE}"));
        c.server("a lower-case method", R.of("get", "api/metadata?id={FILE}"));
        c.server("TRACE", R.of("TRACE", "api/metadata?id={FILE}"));
        c.server("CONNECT", R.line("CONNECT 127.0.0.1:80 HTTP/1.1"));
        c.server("a control character in the method", R.of("GE\u0001T", "api/serviceInfo"));
        c.server("a method of 10 000 characters", R.of("G".repeat(10_000), "api/serviceInfo"));
        c.server("no method", R.line(" {ROOT}api/serviceInfo HTTP/1.1"));
        c.server("no target", R.line("GET HTTP/1.1"));
        // HTTP allows the asterisk only for OPTIONS; each server hands GET * to docbridge (GrizzlyRequestLines,
        // configure.cli)
        c.json("the asterisk target on GET", 404, R.line("GET * HTTP/1.1"));
        c.server("no HTTP version", R.line("GET {ROOT}api/serviceInfo"));
        c.server("HTTP/9.9", R.line("GET {ROOT}api/serviceInfo HTTP/9.9"));
        c.server("a misspelt version", R.line("GET {ROOT}api/serviceInfo HTP/1.1"));
        c.server("a request line with a tab", R.line("GET\t{ROOT}api/serviceInfo\tHTTP/1.1"));
        c.server("a space inside the target", R.line("GET {ROOT}api/metadata?id=a b HTTP/1.1"));
        c.json("an unknown endpoint", 404, R.of("GET", "api/nosuch"));
        c.json("an endpoint in another case", 404, R.of("GET", "api/METADATA?id={FILE}"));
    }

    static void parameters(MalformedCases c) {
        c.category("parameters");
        c.json("metadata without id", 400, R.of("GET", "api/metadata"));
        c.json("metadata with an empty id", 400, R.of("GET", "api/metadata?id="));
        c.json("metadata with id but no =", 400, R.of("GET", "api/metadata?id"));
        c.json("search without query", 400, R.of("GET", "api/search"));
        c.json("download without id", 400, R.of("GET", "api/download"));
        c.json("thumbnail without id", 400, R.of("GET", "api/thumbnail?size=64"));
        c.json("uploadInit without filename", 400, R.of("POST", "api/uploadInit?parentId={FOLDER}"));
        c.json("uploadInit with an empty filename", 400, R.of("POST", "api/uploadInit?parentId={FOLDER}&filename="));
        c.json("upload without id", 400, R.of("PUT", "api/upload").body("hello"));
        c.json("createFolder without name", 400, R.of("POST", "api/createFolder?parentId={FOLDER}"));
        c.json("delete without any id", 400, R.of("PUT", "api/delete"));
        c.json("rename without name", 400, R.of("PUT", "api/rename?id={FILE}"));
        c.json("rename without id", 400, R.of("PUT", "api/rename?name=x.txt"));
        c.json("customAction without name", 400, R.of("GET", "api/customAction?documentId={FILE}"));
        c.json("customAction of an unknown action", 404, R.of("GET", "api/customAction?name=nosuch&documentId={FILE}"));
        c.json("links/download without signature", 403, R.of("GET", "links/download/{FILE}").noAuth());
        c.json("links/view with an empty signature", 403, R.of("GET", "links/view/{FILE}?expires=1&signature=").noAuth());
        c.json("metadata with two different ids", 400, R.of("GET", "api/metadata?id={FILE}&id={FOLDER}"));
        c.json("createFolder with two different names", 400, R.of("POST", "api/createFolder?parentId={FOLDER}&name=a&name=b"));
        c.json("rename with two different names", 400, R.of("PUT", "api/rename?id={FILE}&name=a.txt&name=b.txt"));
        c.json("delete with two different ids", 400, R.of("PUT", "api/delete?id={FOLDER}&id={FILE}"));
        c.json("uploadInit with two different parents", 400,
                R.of("POST", "api/uploadInit?parentId={FOLDER}&parentId=/&filename=dup.txt"));
        c.json("upload with two different ids", 400, R.of("PUT", "api/upload?id={UP}&id={FILE}").body("hello"));
        c.json("delete with documentId and a different folderId", 400,
                R.of("PUT", "api/delete?documentId={FILE}&folderId={FOLDER}"));
        c.json("an id of 300 characters", 404, R.of("GET", "api/metadata?id=" + "a".repeat(300)));
        c.json("an id of 8 000 characters", R.of("GET", "api/download?id=" + "a".repeat(8_000)));
        c.json("a folder name of 300 characters", 400,
                R.of("POST", "api/createFolder?parentId={FOLDER}&name=" + "n".repeat(300)));
        c.json("a file name of 1 000 characters", 400,
                R.of("POST", "api/uploadInit?parentId={FOLDER}&filename=" + "n".repeat(1_000) + ".txt"));
        c.json("a new name of 300 characters", 400, R.of("PUT", "api/rename?id={FILE}&name=" + "n".repeat(300)));
        c.tolerated("a search of 5 000 characters", R.of("GET", "api/search?query=" + "q".repeat(5_000)));
        c.server("a query string of 100 000 characters", R.of("GET", "api/metadata?id=" + LONG));
        c.json("a form body of 100 000 characters", 400, R.of("POST", "api/createFolder").form("parentId={FOLDER}&name=" + LONG));
        c.json("a form of only separators", 400, R.of("POST", "api/createFolder").form("&&&===&&"));
        c.json("a form value with =", 400, R.of("POST", "api/createFolder?parentId={FOLDER}").form("name=a=b/c"));
        c.json("a parentId that is a file", 400, R.of("POST", "api/createFolder?parentId={FILE}&name=x"));
        c.json("a name that is a dot", 400, R.of("POST", "api/createFolder?parentId={FOLDER}&name=."));
        c.json("a name that is two dots", 400, R.of("PUT", "api/rename?id={FILE}&name=.."));
        c.json("a name with a slash", 400, R.of("POST", "api/uploadInit?parentId={FOLDER}&filename=a%2Fb.txt"));
        c.json("a Workfront documentId that is not hex", 400,
                R.of("POST", "api/uploadInit?parentId={FOLDER}&filename=w.txt&documentId=%3Cscript%3E"));
        c.json("a traversal as id", 404, R.of("GET", "api/metadata?id=..%2F..%2Fetc%2Fpasswd"));
    }

    static void encoding(MalformedCases c) {
        c.category("utf8-nul");
        String[] bad = {"%FF", "%C3%28", "%C0%AF", "%ED%A0%80", "%F8%88%80%80%80", "%00", "a%00b", "%E2%82"};
        String[] what = {"0xFF", "a broken 2-byte sequence", "an overlong slash", "a surrogate", "a 5-byte sequence",
                "NUL", "NUL inside", "a cut 3-byte sequence"};
        for (int i = 0; i < bad.length; i++) {
            c.json("metadata id " + what[i], R.of("GET", "api/metadata?id=" + bad[i]));
            c.json("createFolder name " + what[i], R.of("POST", "api/createFolder?parentId={FOLDER}&name=x" + bad[i]));
        }
        c.json("download id NUL", R.of("GET", "api/download?id=%00"));
        c.json("thumbnail id 0xFF", R.of("GET", "api/thumbnail?id=%FF&size=64"));
        c.json("uploadInit filename NUL", 400, R.of("POST", "api/uploadInit?parentId={FOLDER}&filename=a%00.txt"));
        c.json("uploadInit filename 0xFF", R.of("POST", "api/uploadInit?parentId={FOLDER}&filename=a%FF.txt"));
        c.json("rename to NUL", 400, R.of("PUT", "api/rename?id={FILE}&name=%00"));
        c.json("rename to 0xFF", R.of("PUT", "api/rename?id={FILE}&name=%FF%FE"));
        c.json("delete id NUL", R.of("PUT", "api/delete?id=%00"));
        c.tolerated("search NUL", R.of("GET", "api/search?query=%00"));
        c.json("search 0xFF", R.of("GET", "api/search?query=%FF"));
        c.json("search a regex bomb", R.of("GET", "api/search?query=(a%2B)%2B%24&max=abc"));
        c.json("customAction name NUL", R.of("GET", "api/customAction?name=%00&documentId={FILE}"));
        c.json("parentId NUL", R.of("GET", "api/files?parentId=%00"));
        c.json("a form body with NUL", 400, R.of("POST", "api/createFolder?parentId={FOLDER}").form("name=a%00"));
        c.json("a form body with raw 0xFF", 400, R.of("POST", "api/createFolder?parentId={FOLDER}").form("name=\u00ff"));
        c.server("a bad escape %G1", R.of("GET", "api/metadata?id=%G1"));
        c.server("a cut escape at the end", R.of("GET", "api/metadata?id=abc%"));
        c.server("a cut escape %2", R.of("GET", "api/metadata?id=%2"));
        c.json("a bad escape in a form body", 400, R.of("POST", "api/createFolder?parentId={FOLDER}").form("name=%zz"));
        c.server("a link id with 0xFF", R.of("GET", "links/download/%FF?expires=1&signature=x").noAuth());
        c.server("a link id with NUL", R.of("GET", "links/view/%00?expires=1&signature=x").noAuth());
        c.server("a path segment with 0xFF", R.of("GET", "api/meta%FFdata?id={FILE}"));
        c.server("a path segment with NUL", R.of("GET", "api/meta%00data?id={FILE}"));
        c.server("an encoded slash in the path", R.of("GET", "api%2Fmetadata?id={FILE}"));
        c.server("a bad escape in the path", R.of("GET", "api/%zzmetadata?id={FILE}"));
        c.server("raw 0xFF in the query", R.of("GET", "api/metadata?id=\u00ff\u00fe"));
        c.server("raw 0xFF in the path", R.of("GET", "api/\u00ffmetadata?id={FILE}"));
        c.server("raw NUL in the request line", R.of("GET", "api/metadata?id=a\u0000b"));
        c.server("raw DEL in the query", R.of("GET", "api/metadata?id=a\u007fb"));
        c.server("a raw UTF-8 name in the query", R.of("POST", "api/createFolder?parentId={FOLDER}&name=\u00c3\u00a9\u00ff"));
    }

    static void headers(MalformedCases c) {
        c.category("headers");
        c.server("a control character in a header value", R.of("GET", "api/metadata?id={FILE}").h("X-Test: a\u0001b"));
        c.server("NUL in a header value", R.of("GET", "api/metadata?id={FILE}").h("X-Test: a\u0000b"));
        c.server("DEL in a header value", R.of("GET", "api/metadata?id={FILE}").h("X-Test: a\u007fb"));
        c.server("a bare CR in a header value", R.of("GET", "api/metadata?id={FILE}").h("X-Test: a\rb"));
        c.server("a bare LF between headers", R.of("GET", "api/metadata?id={FILE}").h("X-A: 1\nX-B: 2"));
        c.server("a header without a colon", R.of("GET", "api/metadata?id={FILE}").h("NoColonHere"));
        c.server("a space before the colon", R.of("GET", "api/metadata?id={FILE}").h("X-Test : 1"));
        c.server("a folded header line", R.of("GET", "api/metadata?id={FILE}").h("X-Test: a\r\n  folded"));
        c.server("a control character in a header name", R.of("GET", "api/metadata?id={FILE}").h("X-\u0001Test: 1"));
        c.server("a header of 100 000 characters", R.of("GET", "api/metadata?id={FILE}").h("X-Test: " + MalformedCorpus.LONG));
        c.server("2 000 headers", R.of("GET", "api/metadata?id={FILE}").h("X-Many: 1\r\n".repeat(1_999) + "X-Many: 1"));
        c.server("no Host in HTTP/1.1", R.of("GET", "api/metadata?id={FILE}").noHost());
        c.server("two different Hosts", R.of("GET", "api/metadata?id={FILE}").h("Host: other.example"));
        c.json("no apiKey", 403, R.of("GET", "api/metadata?id={FILE}").noAuth().h("username: " + Api.USER));
        c.json("an empty apiKey", 403, R.of("GET", "api/metadata?id={FILE}").noAuth().h("apiKey:").h("username: u@x"));
        c.json("two different apiKeys", 403, R.of("GET", "api/metadata?id={FILE}").h("apiKey: not-the-key"));
        c.server("two different usernames", R.of("GET", "api/metadata?id={FILE}").h("username: other@example.com"));
        c.json("an empty username", 403, R.of("GET", "api/metadata?id={FILE}").noAuth().h("apiKey: " + Api.KEY).h("username:"));
        c.server("a username of 10 000 characters", R.of("GET", "api/metadata?id={FILE}").noAuth()
                .h("apiKey: " + Api.KEY).h("username: " + "u".repeat(10_000)));
        c.server("a username with raw 0xFF", R.of("GET", "api/metadata?id={FILE}").noAuth()
                .h("apiKey: " + Api.KEY).h("username: a\u00ff\u00fe@example.com"));
        c.server("a username with a tab and DEL", R.of("GET", "api/metadata?id={FILE}").noAuth()
                .h("apiKey: " + Api.KEY).h("username: a\tb\u007f@example.com"));
        c.server("an apiKey with raw UTF-8", R.of("GET", "api/metadata?id={FILE}").noAuth()
                .h("apiKey: \u00c3\u00a9").h("username: u@x"));
        c.json("a Bearer token of garbage", 403, R.of("GET", "api/metadata?id={FILE}").noAuth().h("Authorization: Bearer !!!%%%"));
        c.json("an empty Bearer", 403, R.of("GET", "api/metadata?id={FILE}").noAuth().h("Authorization: Bearer"));
        c.json("a Basic of garbage", 403, R.of("GET", "api/metadata?id={FILE}").noAuth().h("Authorization: Basic ====="));
        c.json("Authorization with no scheme", 403, R.of("GET", "api/metadata?id={FILE}").noAuth().h("Authorization: "));
        c.json("a form Content-Type without a body", 400, R.of("POST", "api/createFolder")
                .h("Content-Type: application/x-www-form-urlencoded"));
        c.json("a Content-Type of garbage on a form post", R.of("POST", "api/createFolder?parentId={FOLDER}")
                .h("Content-Type: ;;;/;").body("name=x"));
        c.json("a form charset that does not exist", 400, R.of("POST", "api/createFolder")
                .h("Content-Type: application/x-www-form-urlencoded; charset=no-such").body("parentId={FOLDER}"));
        c.json("Accept: only XML", R.of("GET", "api/metadata").h("Accept: application/xml"));
        c.json("Accept: only HTML", R.of("GET", "api/metadata").h("Accept: text/html"));
        c.json("Accept: garbage", R.of("GET", "api/metadata").h("Accept: ;;;"));
        c.server("Accept-Language: garbage", R.of("GET", "api/metadata").h("Accept-Language: \u00ff;q=x"));
        c.server("Expect: garbage", R.of("PUT", "api/rename?id={FILE}").h("Expect: 42-nonsense"));
        // WildFly upgraded to cleartext HTTP/2 and answered an empty 500; configure.cli turns h2c off
        c.json("Connection: garbage and Upgrade: h2c", R.of("GET", "api/metadata")
                .h("Upgrade: h2c").h("HTTP2-Settings: !!!"));
    }

    static void ranges(MalformedCases c) {
        c.category("range-conditional");
        String[] targets = {"api/download?id={FILE}", "{DL}"};
        String[] ranges = {"bytes=abc", "bytes=", "bytes=5-2", "bytes=-0", "bytes=99999999999999999999-",
            "bytes=0-99999999999999999999", "bytes=-99999999999999999999", "units=0-1", "bytes=--1",
            "bytes=" + "0-0,".repeat(2_000) + "1-1", "bytes=1000-2000", "bytes=\u0001"};
        for (String target : targets) {
            boolean link = target.startsWith("{");
            for (String range : ranges) {
                R r = R.of("GET", target).h("Range: " + range);
                String name = (link ? "link " : "download ") + "Range " + shorten(range);
                if (range.contains("\u0001")) {
                    c.readServer(name, link ? r.noAuth() : r);
                } else {
                    c.read(name, link ? r.noAuth() : r);
                }
            }
        }
        String[][] conditions = {
            {"If-None-Match", "no-quotes"}, {"If-None-Match", "W/"}, {"If-None-Match", "\"" + "e".repeat(9_000) + "\""},
            {"If-Modified-Since", "garbage"}, {"If-Modified-Since", "Sun, 06 Nov 99999 08:49:37 GMT"},
            {"If-Modified-Since", "Thu, 01 Jan 1970 00:00:00 GMT"}, {"If-Modified-Since", "-1"},
            {"If-Range", "garbage"}, {"If-Range", "\"bad etag\""}, {"If-Range", "Sun, 06 Nov 99999 08:49:37 GMT"},
        };
        for (String[] condition : conditions) {
            if (condition[1].length() > 1_000) {
                c.readServer("download " + condition[0] + " of 9 000 characters",
                        R.of("GET", "api/download?id={FILE}").h(condition[0] + ": " + condition[1]));
                c.readServer("link " + condition[0] + " of 9 000 characters",
                        R.of("GET", "{VIEW}").noAuth().h(condition[0] + ": " + condition[1]));
                continue;
            }
            c.read("download " + condition[0] + ": " + shorten(condition[1]),
                    R.of("GET", "api/download?id={FILE}").h(condition[0] + ": " + condition[1]).h("Range: bytes=0-1"));
            c.read("link " + condition[0] + ": " + shorten(condition[1]),
                    R.of("GET", "{VIEW}").noAuth().h(condition[0] + ": " + condition[1]));
        }
    }

    static String path(String target) {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    static String shorten(String s) {
        String printable = s.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 30 ? printable.substring(0, 30) + "..." : printable;
    }
}
