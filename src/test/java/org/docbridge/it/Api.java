package org.docbridge.it;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A Workfront-like client of one deployed docbridge, talking to it over loopback. */
public final class Api {

    public static final String KEY = "it-key-one-for-the-integration-tests";
    public static final String USER = "someone@example.com";

    private final String base;
    private final String user;
    /** An OAuth2 access token sent instead of the API key and user name; null for ApiKey calls. */
    private final String bearer;
    /** HTTP/1.1, as Workfront calls: no h2c upgrade attempt on every connection. */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    public Api(URL deployment) {
        // the adapter reports the machine's first non-loopback address; always talk to loopback. Once in a
        // while (seen once in a CI run on Payara Micro) it reports the server's root instead of the
        // application's: every test deploys docbridge.war, whose context root is /docbridge
        String path = deployment.getPath().isEmpty() || deployment.getPath().equals("/") ? "/docbridge/" : deployment.getPath();
        String root = "http://127.0.0.1:" + deployment.getPort() + path;
        this.base = root.endsWith("/") ? root : root + "/";
        this.user = USER;
        this.bearer = null;
    }

    /** A client of the server whose root URL (ending in a slash) is {@code base}: a WAR at context root /, say. */
    public static Api at(String base) {
        return new Api(base.endsWith("/") ? base : base + "/", USER, null);
    }

    private Api(String base, String user, String bearer) {
        this.base = base;
        this.user = user;
        this.bearer = bearer;
    }

    /** The same server, called on behalf of another Workfront user. */
    public Api as(String otherUser) {
        return new Api(base, otherUser, null);
    }

    /** The same server, called in OAuth2 mode with this access token ({@code Authorization: Bearer}). */
    public Api bearer(String accessToken) {
        return new Api(base, null, accessToken);
    }

    /** A call with the parameters in the query string and no body: PUT and POST as Workfront sends them. */
    public Reply call(String method, String endpoint, String... params) {
        return send(method, "api/" + endpoint + query(params), Map.of(), null, true);
    }

    /** A call with the parameters as a form body. */
    public Reply callWithForm(String method, String endpoint, String... params) {
        return send(method, "api/" + endpoint, Map.of("Content-Type", "application/x-www-form-urlencoded"),
                query(params).substring(1), true);
    }

    /** PUT /upload with these bytes as the body, with a Content-Length. */
    public Reply upload(String id, byte[] content) {
        return exchange(authorized(HttpRequest.newBuilder(URI.create(base + "api/upload" + query("id", id)))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content))), Map.of());
    }

    /** PUT /upload streaming a file, with a Content-Length. */
    public Reply upload(String id, java.nio.file.Path file) throws IOException {
        return exchange(authorized(HttpRequest.newBuilder(URI.create(base + "api/upload" + query("id", id)))
                .PUT(HttpRequest.BodyPublishers.ofFile(file))), Map.of());
    }

    /** PUT /upload with a chunked body (no Content-Length) that the supplier streams. */
    public Reply uploadChunked(String id, java.util.function.Supplier<InputStream> body) {
        return exchange(authorized(HttpRequest.newBuilder(URI.create(base + "api/upload" + query("id", id)))
                .PUT(HttpRequest.BodyPublishers.ofInputStream(body))), Map.of());
    }

    /** uploadInit then upload: the new item's document object as uploadInit answered it. */
    public JsonObject sendTo(String parentId, String filename, byte[] content) {
        JsonObject created = call("POST", "uploadInit", "parentId", parentId, "filename", filename,
                "documentId", "0123456789abcdef0123456789abcdef", "documentVersionId", "fedcba9876543210fedcba9876543210")
                .ok().object();
        upload(created.getString("id"), content).ok();
        return created;
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder request) {
        if (bearer != null) {
            return request.header("Authorization", "Bearer " + bearer);
        }
        return request.header("apiKey", KEY).header("username", user);
    }

    /**
     * For the message of a call that hung: whether {@code /serviceInfo} answers within {@code within},
     * on this client's connections and on a new client's. Only the second answering says the hang was
     * this client's, not the server's.
     */
    public String answersWithin(Duration within) {
        HttpClient fresh = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        return "this client's /serviceInfo: " + probe(http, within) + "; a new client's: " + probe(fresh, within);
    }

    private String probe(HttpClient client, Duration within) {
        long started = System.nanoTime();
        try {
            HttpResponse<byte[]> response = client.send(authorized(HttpRequest.newBuilder(URI.create(base + "api/serviceInfo")))
                    .timeout(within).build(), HttpResponse.BodyHandlers.ofByteArray());
            return response.statusCode() + " in " + (System.nanoTime() - started) / 1_000_000 + " ms";
        } catch (IOException e) {
            return "no answer (" + e + ") after " + (System.nanoTime() - started) / 1_000_000 + " ms";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** The application's root URL, ending in a slash. */
    public String root() {
        return base;
    }

    public Reply get(String endpoint, String... params) {
        return send("GET", "api/" + endpoint + query(params), Map.of(), null, true);
    }

    public Reply getAnonymous(String endpoint, String... params) {
        return send("GET", "api/" + endpoint + query(params), Map.of(), null, false);
    }

    public Reply get(String endpoint, Map<String, String> headers, String... params) {
        return send("GET", "api/" + endpoint + query(params), headers, null, true);
    }

    /** Sends {@code rawPathAndQuery} below the root as is, without any encoding. */
    public Reply raw(String method, String rawPathAndQuery, Map<String, String> headers, boolean authenticated) {
        return send(method, rawPathAndQuery, headers, null, authenticated);
    }

    public Reply postForm(String endpoint, String form) {
        return send("POST", "api/" + endpoint, Map.of("Content-Type", "application/x-www-form-urlencoded"),
                form, true);
    }

    /** Opens a URL as a browser would: no Workfront headers. */
    public Reply browser(String url, Map<String, String> headers) {
        return exchange(HttpRequest.newBuilder(URI.create(url)).GET(), headers);
    }

    /** The raw stream of a download, for files too large to hold. */
    public HttpResponse<InputStream> stream(String endpoint, String... params) throws IOException, InterruptedException {
        HttpRequest.Builder request = authorized(HttpRequest.newBuilder(URI.create(base + "api/" + endpoint + query(params))));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    private Reply send(String method, String path, Map<String, String> headers, String body, boolean authenticated) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (authenticated) {
            authorized(request);
        }
        return exchange(request, headers);
    }

    private Reply exchange(HttpRequest.Builder request, Map<String, String> headers) {
        headers.forEach(request::header);
        request.timeout(Duration.ofSeconds(300));
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(response);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** name, value, name, value... as a query string with every value percent-encoded. */
    public static String query(String... params) {
        if (params.length == 0) {
            return "";
        }
        StringBuilder q = new StringBuilder("?");
        for (int i = 0; i < params.length; i += 2) {
            if (i > 0) {
                q.append('&');
            }
            q.append(params[i]).append('=').append(encode(params[i + 1]));
        }
        return q.toString();
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    // --- walking the tree by titles --------------------------------------------------------------

    /** The document object at {@code a/b/c} (titles from the root), found by listing. */
    public JsonObject find(String path) {
        String parent = "/";
        JsonObject found = null;
        for (String title : path.split("/")) {
            found = null;
            for (JsonValue v : get("files", "parentId", parent).array()) {
                if (v.asJsonObject().getString("title").equals(title)) {
                    found = v.asJsonObject();
                }
            }
            if (found == null) {
                throw new AssertionError("no " + title + " in " + path);
            }
            parent = found.getString("id");
        }
        return found;
    }

    public String idOf(String path) {
        return find(path).getString("id");
    }

    public List<String> titles(JsonArray documents) {
        List<String> titles = new ArrayList<>();
        documents.forEach(v -> titles.add(v.asJsonObject().getString("title")));
        return titles;
    }

    /** One HTTP answer. */
    public static final class Reply {
        public final int status;
        public final byte[] bytes;
        private final HttpResponse<byte[]> response;

        Reply(HttpResponse<byte[]> response) {
            this.response = response;
            this.status = response.statusCode();
            this.bytes = response.body();
        }

        /** This reply, after checking that it is a 200. */
        public Reply ok() {
            if (status != 200) {
                throw new AssertionError("expected 200, got " + status + ": " + body());
            }
            return this;
        }

        public String body() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        public Map<String, List<String>> headers() {
            return new LinkedHashMap<>(response.headers().map());
        }

        public JsonObject object() {
            try (JsonReader reader = Json.createReader(new StringReader(body()))) {
                return reader.readObject();
            }
        }

        public JsonArray array() {
            if (status != 200) {
                throw new AssertionError("expected 200 with a JSON array, got " + status + ": " + body());
            }
            try (JsonReader reader = Json.createReader(new StringReader(body()))) {
                return reader.readArray();
            }
        }

        /** The error message, after checking that this is the protocol's error JSON with that status. */
        public String error(int expectedStatus) {
            if (status != expectedStatus) {
                throw new AssertionError("expected " + expectedStatus + ", got " + status + ": " + body());
            }
            String type = header("Content-Type");
            if (type == null || !type.startsWith("application/json")) {
                throw new AssertionError("error without JSON content type: " + type + " " + body());
            }
            JsonObject error = object();
            if (!error.getString("status").equals("error") || error.getString("error").isBlank()
                    || error.size() != 2) {
                throw new AssertionError("not the protocol's error JSON: " + body());
            }
            return error.getString("error");
        }

        /** The error message of a failed /upload: both vocabularies, {"result":"fail","status":"error","error"}. */
        public String uploadError(int expectedStatus) {
            if (status != expectedStatus) {
                throw new AssertionError("expected " + expectedStatus + ", got " + status + ": " + body());
            }
            JsonObject error = object();
            if (!List.copyOf(error.keySet()).equals(List.of("result", "status", "error"))
                    || !error.getString("result").equals("fail") || !error.getString("status").equals("error")
                    || error.getString("error").isBlank()) {
                throw new AssertionError("not the upload failure JSON: " + body());
            }
            return error.getString("error");
        }
    }
}
