package org.docbridge.it;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * One of the soak's Workfront connections: a keep-alive HTTP client of its own that works mostly in a
 * folder of its own ({@code /work/tNN}), so that its writes never legitimately conflict with another
 * connection's, and reads the shared library. Every call states the status it expects: a 4xx the
 * operation means to provoke (a rename of a locked file, the metadata of a deleted file, the download
 * of a folder) is counted as expected, any other status as an error.
 */
final class SoakClient {

    /** A file of the shared library, as listed at the start. */
    record Known(String id, String title, long size, boolean thumbnail) {
    }

    /** Requests, expected refusals and errors of one kind of call, over every connection. */
    static final class Tally {
        final LongAdder requests = new LongAdder();
        final LongAdder expectedRefusals = new LongAdder();
        final LongAdder errors = new LongAdder();
    }

    static final Map<String, Tally> TALLIES = new ConcurrentHashMap<>();
    static final List<String> FIRST_ERRORS = java.util.Collections.synchronizedList(new ArrayList<>());

    // weights of the operations, reads dominating as in real use (percent, roughly)
    private static final String[] OPS = {"list", "metadata", "download", "thumbnail", "search", "sendTo",
        "rename", "createFolder", "delete", "action", "refused"};
    private static final int[] WEIGHTS = {22, 18, 12, 9, 9, 9, 6, 4, 5, 4, 2};

    private final Api api;
    private final String folderId;
    private final List<String> libraryFolders;
    private final List<Known> library;
    private final String name;
    private final List<String> files = new ArrayList<>();
    private final List<String> folders = new ArrayList<>();
    private int serial;

    SoakClient(String base, String name, String folderId, List<String> libraryFolders, List<Known> library) {
        this.api = Api.at(base); // a client, hence a connection, of its own
        this.name = name;
        this.folderId = folderId;
        this.libraryFolders = libraryFolders;
        this.library = library;
    }

    /** Calls until {@code stopAt} (System.nanoTime()). */
    void run(long stopAt) {
        while (System.nanoTime() < stopAt) {
            try {
                step(pick());
            } catch (RuntimeException e) {
                error("io", "no answer: " + e);
            }
        }
    }

    private String pick() {
        int r = ThreadLocalRandom.current().nextInt(100);
        for (int i = 0; i < OPS.length; i++) {
            r -= WEIGHTS[i];
            if (r < 0) {
                return OPS[i];
            }
        }
        return OPS[0];
    }

    private void step(String op) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        switch (op) {
            case "list" -> expect("list", random.nextBoolean() ? api.get("files", "parentId", folderId)
                    : api.get("files", "parentId", any(libraryFolders)), 200);
            case "metadata" -> {
                String id = files.isEmpty() || random.nextInt(3) > 0 ? any(library).id() : any(files);
                expect("metadata", api.get("metadata", "id", id), 200);
            }
            case "download" -> {
                Known file = any(library);
                Api.Reply reply = api.get("download", "id", file.id());
                if (expect("download", reply, 200) && reply.bytes.length != file.size()) {
                    error("download", file.title() + ": " + reply.bytes.length + " bytes, not " + file.size());
                }
            }
            case "thumbnail" -> {
                Known file = anyThumbnail();
                Api.Reply reply = api.get("thumbnail", "id", file.id(), "size", String.valueOf(64 << random.nextInt(4)));
                if (expect("thumbnail", reply, 200) && !"image/png".equals(reply.header("Content-Type"))) {
                    error("thumbnail", file.title() + ": " + reply.header("Content-Type"));
                }
            }
            case "search" -> expect("search", api.get("search", "query", "chapter-0" + random.nextInt(10)), 200);
            case "sendTo" -> sendTo();
            case "rename" -> {
                if (!files.isEmpty()) {
                    expect("rename", api.call("PUT", "rename", "id", any(files), "name", fileName("renamed")), 200);
                }
            }
            case "createFolder" -> {
                Api.Reply reply = api.call("POST", "createFolder", "parentId", folderId, "name", name + "-folder-" + serial++);
                if (expect("createFolder", reply, 200)) {
                    folders.add(reply.object().getString("id"));
                }
            }
            case "delete" -> delete();
            case "action" -> action();
            default -> refused();
        }
    }

    /** Send To: uploadInit then upload, of a text or a picture that the thumbnails then draw. */
    private void sendTo() {
        if (files.size() >= 12) {
            delete();
            return;
        }
        boolean picture = ThreadLocalRandom.current().nextInt(4) == 0;
        String filename = picture ? fileName("picture") + ".png" : fileName("note") + ".txt";
        Api.Reply init = api.call("POST", "uploadInit", "parentId", folderId, "filename", filename,
                "documentId", hex(), "documentVersionId", hex());
        if (!expect("uploadInit", init, 200)) {
            return;
        }
        String id = init.object().getString("id");
        byte[] content = picture ? SoakTree.picture(ThreadLocalRandom.current().nextInt(50, 400))
                : SoakTree.text(ThreadLocalRandom.current().nextInt(100, 200_000));
        if (expect("upload", api.upload(id, content), 200)) {
            files.add(id);
        }
    }

    private void delete() {
        boolean folder = !folders.isEmpty() && (files.isEmpty() || ThreadLocalRandom.current().nextBoolean());
        List<String> from = folder ? folders : files;
        if (from.isEmpty()) {
            return;
        }
        String id = from.remove(ThreadLocalRandom.current().nextInt(from.size()));
        if (expect("delete", api.call("PUT", "delete", "id", id), 200)) {
            // the deleted item is gone for good: its id answers 404
            expect("metadataOfDeleted", api.get("metadata", "id", id), 404);
        }
    }

    /** A custom action: lock a file of its own, then a write that must be refused, then unlock. */
    private void action() {
        if (files.isEmpty()) {
            return;
        }
        String id = any(files);
        if (expect("lock", api.call("GET", "customAction", "name", "lock", "id", id), 200)) {
            expect("renameLocked", api.call("PUT", "rename", "id", id, "name", fileName("locked")), 403);
            expect("unlock", api.call("GET", "customAction", "name", "unlock", "id", id), 200);
        }
    }

    /** A call Workfront can make that must fail with a known 4xx: the download of a folder. */
    private void refused() {
        expect("downloadFolder", api.get("download", "id", any(libraryFolders)), 404);
    }

    private boolean expect(String kind, Api.Reply reply, int status) {
        Tally tally = TALLIES.computeIfAbsent(kind, k -> new Tally());
        tally.requests.increment();
        if (reply.status == status) {
            if (status >= 400) {
                tally.expectedRefusals.increment();
            }
            return true;
        }
        error(kind, "status " + reply.status + " (expected " + status + "): " + reply.body());
        return false;
    }

    private void error(String kind, String what) {
        TALLIES.computeIfAbsent(kind, k -> new Tally()).errors.increment();
        if (FIRST_ERRORS.size() < 30) {
            FIRST_ERRORS.add(name + " " + kind + ": " + (what.length() > 300 ? what.substring(0, 300) : what));
        }
    }

    private String fileName(String what) {
        return name + "-" + what + "-" + serial++;
    }

    private Known anyThumbnail() {
        while (true) {
            Known file = any(library);
            if (file.thumbnail()) {
                return file;
            }
        }
    }

    private static <T> T any(List<T> list) {
        return list.get(ThreadLocalRandom.current().nextInt(list.size()));
    }

    private static String hex() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return String.format("%016x%016x", random.nextLong(), random.nextLong());
    }

    /** The ids of this client's own files, to start from what the tree gave it. */
    void own(JsonValue listing) {
        for (JsonValue v : listing.asJsonArray()) {
            JsonObject item = v.asJsonObject();
            (item.getString("kind").equals("folder") ? folders : files).add(item.getString("id"));
        }
    }
}
