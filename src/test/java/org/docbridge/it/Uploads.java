package org.docbridge.it;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Uploads ("Send To": uploadInit, then a slowly streamed upload) through a node that is killed part
 * way through them; then what other nodes, and the restarted one, serve of what it acknowledged.
 */
final class Uploads {

    static final int SIZE = 1024 * 1024;
    static final int PIECE = 16 * 1024;

    private final Node node;
    private final String folder;
    /** title -> the bytes sent */
    private final Map<String, byte[]> sent = new TreeMap<>();
    /** title -> the id uploadInit answered */
    private final Map<String, String> ids = new ConcurrentHashMap<>();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    Uploads(Node node, String folder, int count) {
        this.node = node;
        this.folder = folder;
        for (int i = 0; i < count; i++) {
            byte[] content = new byte[SIZE];
            new Random(i).nextBytes(content);
            sent.put(String.format("upload-%02d.bin", i), content);
        }
    }

    /**
     * Four at a time, each body streamed in pieces (about a third of a second for one), and the node
     * killed (SIGKILL) once {@code acknowledgements} have answered 200: the uploads running then are in
     * the middle of their bodies, the rest find the node gone.
     */
    void startAndKillAfter(int acknowledgements) throws InterruptedException {
        ExecutorService senders = Executors.newFixedThreadPool(4);
        CountDownLatch enough = new CountDownLatch(acknowledgements);
        sent.forEach((title, content) -> senders.execute(() -> {
            try {
                String id = node.api().call("POST", "uploadInit", "parentId", folder, "filename", title).ok()
                        .object().getString("id");
                ids.put(title, id);
                if (slowUpload(id, content) == 200) {
                    acknowledged.add(title);
                    enough.countDown();
                }
            } catch (IOException | IllegalStateException | AssertionError e) {
                // the node died under this upload, or before it: not acknowledged
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        try {
            if (!enough.await(120, TimeUnit.SECONDS)) {
                throw new AssertionError("only " + acknowledged.size() + " uploads acknowledged within 120 s");
            }
            node.kill();
        } finally {
            senders.shutdown();
            senders.awaitTermination(60, TimeUnit.SECONDS);
        }
    }

    Set<String> acknowledged() {
        return Set.copyOf(acknowledged);
    }

    /** What is wrong with {@code server}'s answers for every acknowledged upload, by the id uploadInit gave. */
    List<String> checkServedBy(Node server, String who) {
        List<String> problems = new ArrayList<>();
        for (String title : new TreeMap<>(sent).keySet()) {
            if (!acknowledged.contains(title)) {
                continue;
            }
            String id = ids.get(title);
            Api.Reply metadata = server.api().get("metadata", "id", id);
            if (metadata.status != 200) {
                problems.add(who + ": " + title + " (id " + id + "): /metadata answered " + metadata.status + " "
                        + metadata.body());
                continue;
            }
            JsonObject document = metadata.object();
            if (!document.getString("title").equals(title) || document.getInt("size") != SIZE) {
                problems.add(who + ": " + title + " (id " + id + "): /metadata says " + document);
            }
            Api.Reply download = server.api().get("download", "id", id);
            String expected = sha256(sent.get(title));
            if (download.status != 200 || !sha256(download.bytes).equals(expected)) {
                problems.add(who + ": " + title + " (id " + id + "): /download answered " + download.status + " with "
                        + download.bytes.length + " bytes, SHA-256 " + sha256(download.bytes) + ", not " + expected);
            }
        }
        return problems;
    }

    /**
     * What is wrong with {@code server}'s listing of the folder: an item that is neither complete nor an
     * empty placeholder whose upload never arrived, a hidden temporary file, or an acknowledged upload
     * missing.
     */
    List<String> checkListing(Node server, String folderOnServer) {
        List<String> problems = new ArrayList<>();
        Api.Reply listing = server.api().get("files", "parentId", folderOnServer);
        if (listing.status != 200) {
            return List.of(server.name + ": /files of the upload folder answered " + listing.status + " " + listing.body());
        }
        Set<String> listed = new java.util.HashSet<>();
        for (JsonValue v : listing.array()) {
            JsonObject item = v.asJsonObject();
            String title = item.getString("title");
            listed.add(title);
            byte[] content = sent.get(title);
            int size = item.getInt("size", -1);
            if (content == null) {
                problems.add(server.name + " lists an item nobody uploaded: " + item);
            } else if (size == 0 && acknowledged.contains(title)) {
                problems.add(server.name + " lists the acknowledged upload " + title + " empty");
            } else if (size != 0) {
                byte[] served = server.api().get("download", "id", item.getString("id")).bytes;
                if (size != SIZE || !sha256(served).equals(sha256(content))) {
                    problems.add(server.name + " lists a partial file: " + title + " of " + size + " bytes (served "
                            + served.length + "), " + SIZE + " were sent");
                }
            }
        }
        for (String title : acknowledged) {
            if (!listed.contains(title)) {
                problems.add(server.name + " does not list the acknowledged upload " + title);
            }
        }
        return problems;
    }

    /** PUT /upload with a Content-Length, the body read out in small pieces with a pause before each. */
    private int slowUpload(String id, byte[] content) throws IOException, InterruptedException {
        InputStream slow = new FilterInputStream(new ByteArrayInputStream(content)) {
            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException();
                }
                return super.read(buffer, offset, Math.min(length, PIECE));
            }
        };
        HttpRequest request = HttpRequest.newBuilder(URI.create(node.api().root() + "api/upload" + Api.query("id", id)))
                .header("apiKey", Api.KEY).header("username", Api.USER).timeout(Duration.ofSeconds(60))
                .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> slow),
                        content.length))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
