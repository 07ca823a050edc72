package org.docbridge.it;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * What must hold after a crash and a restart on the same data, checked through the API and on disk:
 * every acknowledged upload listed and byte-identical, no item partial, no temporary file, and every
 * id handed out answering the same item. Each finding is a line in {@link #problems}.
 */
final class CrashChecks {

    static final String HIDDEN = ".docbridge-";

    final List<String> problems = new ArrayList<>();
    int checks;
    int completeButUnacknowledged;
    int emptyPlaceholders;
    int filesOnDisk;
    int ids;
    private final Api api;
    private final CrashLoad load;
    private final String cycle;
    private final Map<Long, String> expected = new ConcurrentHashMap<>();

    CrashChecks(Api api, CrashLoad load, String cycle) {
        this.api = api;
        this.load = load;
        this.cycle = cycle;
    }

    /** Every upload that got an id: the same item by id; an acknowledged one complete, any other empty or complete. */
    void uploadsById() throws IOException, InterruptedException {
        for (CrashLoad.Upload upload : load.uploads) {
            if (upload.id == null) {
                continue;
            }
            ids++;
            Api.Reply metadata = api.get("metadata", "id", upload.id);
            if (!check(metadata.status == 200, upload.title + " (id " + upload.id + "): /metadata answered "
                    + metadata.status + " " + metadata.body())) {
                continue;
            }
            JsonObject item = metadata.object();
            check(item.getString("title").equals(upload.title), upload.title + " (id " + upload.id
                    + ") answers as " + item.getString("title"));
            long size = item.getJsonNumber("size").longValue();
            if (upload.acknowledged) {
                check(size == upload.size, "the acknowledged " + upload.title + " has " + size + " bytes, not "
                        + upload.size);
                check(downloadMatches(upload), "the download of the acknowledged " + upload.title
                        + " is not what was sent");
            } else if (size == 0) {
                emptyPlaceholders++;
            } else {
                completeButUnacknowledged++;
                check(size == upload.size && downloadMatches(upload), upload.title + " (unacknowledged) has "
                        + size + " bytes of " + upload.size + ": partial");
            }
        }
    }

    /** The cycle's folder as /files lists it: each file empty or one content sent whole; no hidden name. */
    void listing(String folder) throws IOException, InterruptedException {
        Map<String, CrashLoad.Upload> byTitle = new HashMap<>();
        load.uploads.forEach(u -> byTitle.put(u.title, u));
        Map<String, String> listed = new HashMap<>();
        for (String parent : List.of("/", folder)) {
            for (JsonValue value : api.get("files", "parentId", parent).array()) {
                JsonObject item = value.asJsonObject();
                String title = item.getString("title");
                check(!title.startsWith("."), "/files of " + parent + " shows the hidden " + title);
                if (!parent.equals(folder) || !item.getString("kind").equals("file")) {
                    continue;
                }
                listed.put(title, item.getString("id"));
                CrashLoad.Upload upload = byTitle.get(title);
                if (!check(upload != null, "/files lists " + title + ", which nobody sent")) {
                    continue;
                }
                long size = item.getJsonNumber("size").longValue();
                check(size == 0 || size == upload.size && item.getString("id").equals(upload.id)
                        && downloadMatches(upload), "/files lists " + title + " with " + size + " bytes of "
                        + upload.size + ": partial");
            }
        }
        for (CrashLoad.Upload upload : load.uploads) {
            if (upload.acknowledged) {
                check(upload.id.equals(listed.get(upload.title)), "the acknowledged " + upload.title + " (id "
                        + upload.id + ") is not listed in its folder (listed: " + listed.get(upload.title) + ")");
            }
        }
    }

    /**
     * The store on disk once the restart's sweep is done: no temporary file left, and each file of the
     * cycle empty or byte-identical to what was sent under its name.
     */
    void disk(Path documents, long sweepMillis) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + sweepMillis;
        List<Path> hidden = hidden(documents);
        while (!hidden.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(250);
            hidden = hidden(documents);
        }
        check(hidden.isEmpty(), "temporary files remain after the restart's sweep: " + hidden);
        Map<String, CrashLoad.Upload> byTitle = new HashMap<>();
        load.uploads.forEach(u -> byTitle.put(u.title, u));
        List<Path> files;
        try (Stream<Path> walk = Files.walk(documents)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            filesOnDisk++;
            CrashLoad.Upload upload = byTitle.get(file.getFileName().toString());
            if (!check(upload != null && file.getParent().getFileName().toString().equals(cycle),
                    "a file on disk nobody sent: " + file)) {
                continue;
            }
            long size = Files.size(file);
            check(size == 0 || size == upload.size
                    && SeededContent.sha256(Files.newInputStream(file)).equals(expected(upload)),
                    "on disk, " + file + " has " + size + " bytes that are not the " + upload.size + " sent");
        }
    }

    /** Each id: the same item, under one of the names it may have now; returns the name it has. */
    String sameItem(String id, List<String> names, String what) {
        ids++;
        Api.Reply metadata = api.get("metadata", "id", id);
        if (!check(metadata.status == 200, what + " (id " + id + "): /metadata answered " + metadata.status + " "
                + metadata.body())) {
            return null;
        }
        String title = metadata.object().getString("title");
        check(names.contains(title), what + " (id " + id + ") answers as " + title + ", not " + names);
        return title;
    }

    private boolean downloadMatches(CrashLoad.Upload upload) throws IOException, InterruptedException {
        HttpResponse<InputStream> download = api.stream("download", "id", upload.id);
        if (download.statusCode() != 200) {
            download.body().close();
            return false;
        }
        return SeededContent.sha256(download.body()).equals(expected(upload));
    }

    private String expected(CrashLoad.Upload upload) {
        return expected.computeIfAbsent(upload.seed, seed -> SeededContent.sha256(seed, upload.size));
    }

    private static List<Path> hidden(Path documents) throws IOException {
        try (Stream<Path> walk = Files.walk(documents)) {
            return walk.filter(p -> p.getFileName().toString().startsWith(HIDDEN)).toList();
        } catch (java.io.UncheckedIOException raced) {
            return List.of(documents.resolve("(changed during the walk)"));
        }
    }

    private boolean check(boolean holds, String problem) {
        checks++;
        if (!holds) {
            problems.add(problem);
        }
        return holds;
    }
}
