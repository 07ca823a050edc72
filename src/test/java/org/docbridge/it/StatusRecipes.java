package org.docbridge.it;

import jakarta.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.imageio.ImageIO;

/**
 * How to make the server give each answer the OpenAPI document declares: for a path and a status,
 * a real request, sent with the HTTP method under test. OpenApiIT fails for a declared answer
 * that has no recipe here, and for a recipe of an answer the document does not declare, so the
 * document and this table cannot drift apart. Items live in the store's folder {@code openapi}.
 */
final class StatusRecipes {

    /** A recipe: the request for one method, sent, and the server's answer. */
    interface Recipe extends Function<String, Http.Answer> {
    }

    /** An id of the right form that names nothing. */
    static final String UNKNOWN = "zzzzzzzzzzzzzzzz";
    /** docbridge.upload.max-bytes as the test servers leave it: the default, 5 GiB. */
    static final long UPLOAD_LIMIT = 5L * 1024 * 1024 * 1024;

    private static final Map<String, String> CREDENTIALS = Map.of("apiKey", Api.KEY, "username", Api.USER);
    private static final String PASSWORD = "a long password of the OpenAPI test";

    private final Api api;
    private final String root;
    private final Path dir;
    private final Map<String, Recipe> recipes = new LinkedHashMap<>();
    private final AtomicInteger made = new AtomicInteger();

    private final String folder;
    private final JsonObject notes;
    private final String picture;
    private final String minutes;

    StatusRecipes(Api api) {
        this.api = api;
        this.root = api.root();
        this.dir = Store.fresh("openapi");
        Store.write(dir, "notes.txt", "hello, openapi");
        Store.write(dir, "picture.png", png());
        Store.folder(dir, "Minutes");
        folder = api.idOf("openapi");
        notes = api.find("openapi/notes.txt");
        picture = api.idOf("openapi/picture.png");
        minutes = api.idOf("openapi/Minutes");
        browsing();
        content();
        sendTo();
        writes();
        actions();
        links("view", "viewLink");
        links("download", "downloadLink");
        token();
    }

    Recipe recipe(String path, String status) {
        return recipes.get(path + " " + status);
    }

    /** "path status" of every recipe. */
    Set<String> keys() {
        return recipes.keySet();
    }

    private void on(String path, int status, Recipe recipe) {
        if (recipes.put(path + " " + status, recipe) != null) {
            throw new IllegalStateException("two recipes for " + path + " " + status);
        }
    }

    // --- the table --------------------------------------------------------------------------------

    private void browsing() {
        String notesId = notes.getString("id");
        on("/api/metadata", 200, m -> call(m, "metadata", "id", notesId));
        on("/api/metadata", 400, m -> call(m, "metadata"));
        on("/api/metadata", 403, m -> anonymous(m, "metadata", "id", notesId));
        on("/api/metadata", 404, m -> call(m, "metadata", "id", UNKNOWN));
        on("/api/files", 200, m -> call(m, "files", "parentId", folder));
        on("/api/files", 400, m -> call(m, "files", "parentId", folder, "max", "-1"));
        on("/api/files", 403, m -> anonymous(m, "files", "parentId", folder));
        on("/api/files", 404, m -> call(m, "files", "parentId", UNKNOWN));
        on("/api/search", 200, m -> call(m, "search", "query", "notes", "parentId", folder));
        on("/api/search", 400, m -> call(m, "search", "parentId", folder));
        on("/api/search", 403, m -> anonymous(m, "search", "query", "notes"));
        on("/api/search", 404, m -> call(m, "search", "query", "notes", "parentId", UNKNOWN));
        on("/api/serviceInfo", 200, m -> anonymous(m, "serviceInfo"));
    }

    private void content() {
        String notesId = notes.getString("id");
        on("/api/download", 200, m -> call(m, "download", "id", notesId));
        on("/api/download", 206, m -> call(m, Map.of("Range", "bytes=0-4"), "download", "id", notesId));
        on("/api/download", 304, m -> call(m, Map.of("If-None-Match", etag(call("GET", "download", "id", notesId))),
                "download", "id", notesId));
        on("/api/download", 400, m -> call(m, "download"));
        on("/api/download", 403, m -> anonymous(m, "download", "id", notesId));
        on("/api/download", 404, m -> call(m, "download", "id", UNKNOWN));
        on("/api/download", 416, m -> call(m, Map.of("Range", "bytes=100-"), "download", "id", notesId));
        on("/api/thumbnail", 200, m -> call(m, "thumbnail", "id", picture, "size", "32"));
        on("/api/thumbnail", 304, m -> call(m, Map.of("If-None-Match",
                etag(call("GET", "thumbnail", "id", picture, "size", "32"))), "thumbnail", "id", picture, "size", "32"));
        on("/api/thumbnail", 400, m -> call(m, "thumbnail", "id", picture, "size", "abc"));
        on("/api/thumbnail", 403, m -> anonymous(m, "thumbnail", "id", picture));
        on("/api/thumbnail", 404, m -> call(m, "thumbnail", "id", UNKNOWN));
    }

    private void sendTo() {
        on("/api/uploadInit", 200, m -> call(m, "uploadInit", "parentId", folder, "filename", "sent.txt",
                "documentId", "0123456789abcdef0123456789abcdef", "documentVersionId", "fedcba9876543210fedcba9876543210"));
        on("/api/uploadInit", 400, m -> call(m, "uploadInit", "parentId", folder));
        on("/api/uploadInit", 403, m -> anonymous(m, "uploadInit", "parentId", folder, "filename", "sent.txt"));
        on("/api/uploadInit", 404, m -> call(m, "uploadInit", "parentId", UNKNOWN, "filename", "sent.txt"));
        on("/api/upload", 200, m -> Http.send(m, root + "api/upload" + Api.query("id", placeholder()), CREDENTIALS,
                "the content".getBytes(StandardCharsets.UTF_8)));
        on("/api/upload", 400, m -> call(m, "upload", "id", notes.getString("id"))); // not made by uploadInit
        on("/api/upload", 403, m -> anonymous(m, "upload", "id", placeholder()));
        on("/api/upload", 404, m -> call(m, "upload", "id", UNKNOWN));
        on("/api/upload", 413, m -> {
            Map<String, String> headers = new LinkedHashMap<>(CREDENTIALS);
            headers.put("Content-Type", "application/octet-stream");
            headers.put("Content-Length", Long.toString(UPLOAD_LIMIT + 1)); // refused before the rest is read
            return Http.partial(m, root + "api/upload" + Api.query("id", placeholder()), headers, new byte[4096]);
        });
    }

    private void writes() {
        on("/api/createFolder", 200, m -> call(m, "createFolder", "parentId", folder, "name", "made with " + m));
        on("/api/createFolder", 400, m -> call(m, "createFolder", "parentId", folder));
        on("/api/createFolder", 403, m -> anonymous(m, "createFolder", "parentId", folder, "name", "x"));
        on("/api/createFolder", 404, m -> call(m, "createFolder", "parentId", UNKNOWN, "name", "x"));
        on("/api/delete", 200, m -> call(m, "delete", "id", freshFile()));
        on("/api/delete", 400, m -> call(m, "delete"));
        on("/api/delete", 403, m -> anonymous(m, "delete", "id", notes.getString("id")));
        on("/api/delete", 404, m -> call(m, "delete", "documentId", UNKNOWN));
        on("/api/rename", 200, m -> call(m, "rename", "id", freshFile(), "name", "renamed with " + m + ".txt"));
        on("/api/rename", 400, m -> call(m, "rename", "id", notes.getString("id")));
        on("/api/rename", 403, m -> anonymous(m, "rename", "id", notes.getString("id"), "name", "x.txt"));
        on("/api/rename", 404, m -> call(m, "rename", "id", UNKNOWN, "name", "x.txt"));
    }

    private void actions() {
        String notesId = notes.getString("id");
        on("/api/customAction", 200, m -> call(m, "customAction", "name", "lock", "id", freshFile()));
        on("/api/customAction", 400, m -> call(m, "customAction", "id", notesId));
        on("/api/customAction", 403, m -> anonymous(m, "customAction", "name", "lock", "id", notesId));
        on("/api/customAction", 404, m -> call(m, "customAction", "name", "no-such-action", "id", notesId));
        // publish is the copy handler (the test servers' configuration), which refuses a folder
        on("/api/customAction", 500, m -> call(m, "customAction", "name", "publish", "id", minutes));
    }

    /** The signed links of notes.txt: {@code purpose} is view or download, {@code field} the link's name. */
    private void links(String purpose, String field) {
        String path = "/links/" + purpose + "/{id}";
        String link = notes.getString(field);
        if (!link.startsWith(root + "links/" + purpose + "/" + notes.getString("id") + "?")) {
            throw new AssertionError(field + " is not at " + path + ": " + link);
        }
        on(path, 200, m -> Http.send(m, link, Map.of(), null));
        on(path, 206, m -> Http.send(m, link, Map.of("Range", "bytes=0-4"), null));
        on(path, 304, m -> Http.send(m, link, Map.of("If-None-Match", etag(Http.send("GET", link, Map.of(), null))), null));
        on(path, 403, m -> Http.send(m, link.replaceAll("signature=[^&]*", "signature=forged"), Map.of(), null));
        on(path, 404, m -> {
            String id = freshFile();
            String gone = api.get("metadata", "id", id).object().getString(field);
            api.call("PUT", "delete", "id", id).ok();
            return Http.send(m, gone, Map.of(), null);
        });
        on(path, 416, m -> Http.send(m, link, Map.of("Range", "bytes=100-"), null));
    }

    private void token() {
        on("/oauth/token", 200, m -> {
            String user = "openapi-" + System.nanoTime() + "@example.com"; // the test servers' state outlives a run
            OAuthFlow.users(root, Store.WORK, PASSWORD, "add", user, "--password-stdin");
            String code = new OAuthFlow(root).code(user, PASSWORD, "openapi");
            return token(m, "grant_type", "authorization_code", "code", code, "client_id", OAuthFlow.CLIENT,
                    "client_secret", OAuthFlow.SECRET);
        });
        on("/oauth/token", 400, m -> token(m, "client_id", OAuthFlow.CLIENT, "client_secret", OAuthFlow.SECRET));
        on("/oauth/token", 401, m -> token(m, "grant_type", "refresh_token", "refresh_token", "anything",
                "client_id", OAuthFlow.CLIENT, "client_secret", "not the client's secret"));
    }

    // --- requests ---------------------------------------------------------------------------------

    private Http.Answer call(String method, String endpoint, String... params) {
        return call(method, Map.of(), endpoint, params);
    }

    private Http.Answer call(String method, Map<String, String> headers, String endpoint, String... params) {
        Map<String, String> all = new LinkedHashMap<>(CREDENTIALS);
        all.putAll(headers);
        return Http.send(method, root + "api/" + endpoint + Api.query(params), all, null);
    }

    private Http.Answer anonymous(String method, String endpoint, String... params) {
        return Http.send(method, root + "api/" + endpoint + Api.query(params), Map.of(), null);
    }

    private Http.Answer token(String method, String... form) {
        return Http.send(method, root + "oauth/token", Map.of("Content-Type", "application/x-www-form-urlencoded"),
                OAuthFlow.form(form).getBytes(StandardCharsets.UTF_8));
    }

    private static String etag(Http.Answer answer) {
        if (answer.status() != 200 || answer.header("ETag") == null) {
            throw new AssertionError("no ETag to ask with: " + answer);
        }
        return answer.header("ETag");
    }

    /** A new file of its own in the test's folder, by its id. */
    private String freshFile() {
        String name = "item-" + made.incrementAndGet() + ".txt";
        Store.write(dir, name, "content of " + name);
        return api.idOf("openapi/" + name);
    }

    /** A new placeholder made by /uploadInit, by its id. */
    private String placeholder() {
        return api.call("POST", "uploadInit", "parentId", folder, "filename", "placeholder.txt").ok().object().getString("id");
    }

    private static byte[] png() {
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        image.getGraphics().fillRect(8, 8, 32, 24);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
