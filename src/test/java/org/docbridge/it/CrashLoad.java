package org.docbridge.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * One cycle's writes against a server that is killed while they run: {@link #UPLOADS} Send To uploads
 * (uploadInit, then the whole body in one PUT /upload) of seeded content of 1 to 40 MB, all at once,
 * while one client renames folders and another creates folders. It records what the server
 * acknowledged (answered 2xx, with an id), what was under way when it died, and what never reached it.
 */
final class CrashLoad {

    static final int UPLOADS = 50;
    static final long MB = 1024 * 1024;
    /** Bounds the rename and create loops whatever the timing. */
    static final int MAX_WRITES = 5000;
    static final Duration FIRST_WITHIN = Duration.ofSeconds(180);

    /** One upload: its seeded content, and how far it got. */
    static final class Upload {
        final int index;
        final String title;
        final long seed;
        final long size;
        volatile String id;
        volatile boolean acknowledged;
        volatile boolean sending;

        Upload(int index, long seed, long size) {
            this.index = index;
            this.title = String.format("u-%02d.bin", index);
            this.seed = seed;
            this.size = size;
        }
    }

    /** A folder renamed again and again: the last acknowledged name, and the name a rename in flight gives it. */
    static final class Renamed {
        final String id;
        volatile String name;
        volatile String inFlight;

        Renamed(String id, String name) {
            this.id = id;
            this.name = name;
        }
    }

    final List<Upload> uploads = new ArrayList<>();
    final List<Renamed> renamed = new ArrayList<>();
    /** id -> name of every folder whose createFolder was acknowledged. */
    final Map<String, String> created = new ConcurrentHashMap<>();
    /** Answers that were neither a success nor a dead connection: each is a shortfall. */
    final List<String> failures = new CopyOnWriteArrayList<>();
    volatile int renames;
    private volatile boolean killed;
    private final java.util.concurrent.CountDownLatch firstAcknowledged = new java.util.concurrent.CountDownLatch(1);
    private final Api api;
    private final String folder;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    CrashLoad(Api api, String folder, long seed, List<Renamed> targets) {
        this.api = api;
        this.folder = folder;
        SplittableRandom sizes = new SplittableRandom(seed);
        for (int i = 0; i < UPLOADS; i++) {
            uploads.add(new Upload(i, seed * 1000 + i, MB + sizes.nextLong(39 * MB + 1)));
        }
        renamed.addAll(targets);
    }

    /**
     * Runs the writes, kills {@code server} {@code killAfter} after the first upload was acknowledged
     * (so that every cycle has acknowledged uploads to check, however slow the machine), and returns
     * once every client has stopped. Returns how long after the start of the writes the kill came.
     */
    long runAndKill(ServerProcess server, Duration killAfter) throws InterruptedException {
        ExecutorService clients = Executors.newFixedThreadPool(UPLOADS + 2);
        long began = System.nanoTime();
        try {
            uploads.forEach(upload -> clients.execute(() -> send(upload)));
            clients.execute(this::renameRepeatedly);
            clients.execute(this::createRepeatedly);
            if (!firstAcknowledged.await(FIRST_WITHIN.toSeconds(), TimeUnit.SECONDS)) {
                failures.add("no upload acknowledged within " + FIRST_WITHIN.toSeconds() + " s");
            }
            Thread.sleep(killAfter.toMillis());
            killed = true;
            server.kill();
        } finally {
            clients.shutdown();
            if (!clients.awaitTermination(120, TimeUnit.SECONDS)) {
                clients.shutdownNow();
                failures.add("clients still running 120 s after the kill");
            }
        }
        return Duration.ofNanos(System.nanoTime() - began).toMillis();
    }

    private void send(Upload upload) {
        try {
            Api.Reply init = api.call("POST", "uploadInit", "parentId", folder, "filename", upload.title,
                    "documentId", String.format("%032x", upload.seed), "documentVersionId", String.format("%032x", upload.size));
            if (!answered(init, "uploadInit of " + upload.title)) {
                return;
            }
            upload.id = init.object().getString("id");
            upload.sending = true;
            HttpRequest put = HttpRequest.newBuilder(URI.create(api.root() + "api/upload" + Api.query("id", upload.id)))
                    .header("apiKey", Api.KEY).header("username", Api.USER).timeout(Duration.ofSeconds(300))
                    .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(
                            () -> new SeededContent(upload.seed, upload.size)), upload.size))
                    .build();
            HttpResponse<String> answer = http.send(put, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() / 100 == 2) {
                upload.acknowledged = true;
                firstAcknowledged.countDown();
            } else {
                failures.add("upload of " + upload.title + " answered " + answer.statusCode() + " " + answer.body());
            }
        } catch (IOException | IllegalStateException e) {
            if (!killed) {
                failures.add("upload of " + upload.title + " failed before the kill: " + e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void renameRepeatedly() {
        try {
            for (int i = 0; i < MAX_WRITES && !killed && !renamed.isEmpty(); i++) {
                Renamed target = renamed.get(i % renamed.size());
                String name = "renamed-" + (i % renamed.size()) + "-" + i;
                target.inFlight = name;
                if (!answered(api.call("PUT", "rename", "id", target.id, "name", name), "rename to " + name)) {
                    return;
                }
                target.name = name;
                target.inFlight = null;
                renames++;
            }
        } catch (IllegalStateException deadConnection) {
            noteUnlessKilled("rename", deadConnection);
        }
    }

    private void createRepeatedly() {
        try {
            for (int i = 0; i < MAX_WRITES && !killed; i++) {
                String name = "made-" + i;
                Api.Reply reply = api.call("POST", "createFolder", "parentId", folder, "name", name);
                if (!answered(reply, "createFolder " + name)) {
                    return;
                }
                created.put(reply.object().getString("id"), name);
            }
        } catch (IllegalStateException deadConnection) {
            noteUnlessKilled("createFolder", deadConnection);
        }
    }

    private boolean answered(Api.Reply reply, String what) {
        if (reply.status / 100 == 2) {
            return true;
        }
        failures.add(what + " answered " + reply.status + " " + reply.body());
        return false;
    }

    private void noteUnlessKilled(String what, Exception e) {
        if (!killed) {
            failures.add(what + " failed before the kill: " + e);
        }
    }

    long acknowledged() {
        return uploads.stream().filter(u -> u.acknowledged).count();
    }

    /** Uploads whose body was on its way when the server died. */
    long cut() {
        return uploads.stream().filter(u -> u.sending && !u.acknowledged).count();
    }

    /** Uploads whose uploadInit never got an answer: the server was gone. */
    long neverStarted() {
        return uploads.stream().filter(u -> u.id == null).count();
    }

    long acknowledgedBytes() {
        return uploads.stream().filter(u -> u.acknowledged).mapToLong(u -> u.size).sum();
    }
}
