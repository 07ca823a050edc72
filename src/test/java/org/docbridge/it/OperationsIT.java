package org.docbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * docbridge as an operations team runs it: started as server-config/payara/run starts it (context
 * root /, its post-boot commands), its documents on a small file system of the test's own (a tmpfs:
 * the tests run as root). Health goes DOWN when the disk fills or the store turns read-only, and UP
 * again when the fault goes, without a restart; /metrics is docbridge's, guarded, and its numbers
 * move with the requests.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperationsIT {

    static final Path WORK = Path.of(Store.WORK + "-operations");
    static final Path DOCUMENTS = WORK.resolve("documents");
    static final String METRICS_KEY = "it-metrics-key-for-the-prometheus-scraper";
    static final long DISK = 64L << 20;
    static final long MIN_FREE = 40L << 20;

    static Node node;
    static Api api;
    static Api server;

    @BeforeAll
    static void aNodeWithItsDocumentsOnASmallDisk() throws Exception {
        Store.delete(WORK);
        Files.createDirectories(DOCUMENTS);
        Ops.run("mount", "-t", "tmpfs", "-o", "size=" + DISK, "docbridge-it", DOCUMENTS.toString());
        Map<String, String> settings = new TreeMap<>();
        settings.put("DOCBRIDGE_STORE_ROOT", DOCUMENTS.toString());
        settings.put("DOCBRIDGE_HEALTH_MIN_FREE_BYTES", "40M");
        // loopback is not in the list: only the key opens /metrics to the test
        settings.put("DOCBRIDGE_METRICS_ALLOW", "192.0.2.0/24, 2001:db8::/32");
        settings.put("DOCBRIDGE_METRICS_KEY", METRICS_KEY);
        node = new Node("operations", WORK, settings, true);
        node.start();
        node.awaitReady(Duration.ofSeconds(180));
        api = node.api();
        server = node.server();
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
        Ops.run("umount", "-l", DOCUMENTS.toString());
    }

    @Test
    @Order(1)
    void liveReadyAndStartedAreUpWithWhatEachCheckMeasured() {
        JsonObject ready = Ops.health(server, "ready", 200);
        assertEquals("UP", ready.getString("status"));
        JsonObject disk = Ops.check(ready, "docbridge-disk");
        assertEquals(MIN_FREE, number(disk, "minFreeBytes"));
        long free = number(disk, "freeBytes");
        assertTrue(free > MIN_FREE && free <= DISK, "free bytes of the 64 MiB disk: " + free);
        assertEquals("true", Ops.check(ready, "docbridge-store").getJsonObject("data").get("writable").toString()
                .replace("\"", ""));
        assertTrue(Ops.check(ready, "docbridge-database").getJsonObject("data").containsKey("millis"));
        assertEquals("true", Ops.check(ready, "docbridge-lifecycle").getJsonObject("data").get("started").toString()
                .replace("\"", ""));
        assertEquals("UP", Ops.check(Ops.health(server, "live", 200), "docbridge-threads").getString("status"));
        assertEquals("UP", Ops.check(Ops.health(server, "started", 200), "docbridge-startup").getString("status"));
    }

    @Test
    @Order(2)
    void metricsAreDocbridgesOwnAndOnlyForTheKey() {
        Api.Reply anonymous = server.raw("GET", "metrics", Map.of(), false);
        assertEquals(403, anonymous.status, "loopback is not in docbridge.metrics.allow here");
        assertTrue(anonymous.header("Content-Type").startsWith("application/json"));
        assertTrue(anonymous.body().contains("docbridge.metrics.key"), anonymous.body());
        assertEquals(403, server.raw("GET", "metrics", Map.of("Authorization", "Bearer not-the-key"), false).status);
        assertEquals(403, server.raw("GET", "metrics", Map.of("Authorization", "Bearer " + METRICS_KEY + "x"),
                false).status);

        String text = scrape();
        assertTrue(text.contains("# TYPE docbridge_http_requests_seconds histogram"), "no request histogram");
        assertTrue(text.contains("jvm_memory_used_bytes"), "no JVM numbers");
        // Payara's own MicroProfile Metrics is off (server-config/payara/post-boot.asadmin): none of its names
        assertFalse(text.contains("base_") || text.contains("vendor_"), "Payara's metrics are mixed in");
        assertNotEquals(200, server.raw("GET", "payara-metrics", Map.of(), false).status,
                "Payara's moved metrics endpoint answers");
    }

    @Test
    @Order(3)
    void countersMoveWithTheRequests() throws Exception {
        String folder = api.call("POST", "createFolder", "parentId", "/", "name", "metrics").ok().object().getString("id");
        byte[] content = "twelve bytes".getBytes(StandardCharsets.UTF_8);
        String before = scrape();

        for (int i = 0; i < 5; i++) {
            api.get("metadata", "id", folder).ok();
        }
        api.get("metadata", "id", "no-such-id");
        Api.Reply wrongKey = api.raw("GET", "api/metadata?id=%2F", Map.of("apiKey", "wrong-key", "username", "x"), false);
        assertEquals(403, wrongKey.status);
        String file = api.sendTo(folder, "counted.txt", content).getString("id");
        assertEquals(content.length, api.get("download", "id", file).ok().bytes.length);
        // Workfront names the document by its own ids, which sendTo gave at uploadInit
        api.call("GET", "customAction", "name", "lock", "documentId", "0123456789abcdef0123456789abcdef",
                "documentVersionId", "fedcba9876543210fedcba9876543210").ok();
        api.call("GET", "customAction", "name", "unlock", "documentId", "0123456789abcdef0123456789abcdef",
                "documentVersionId", "fedcba9876543210fedcba9876543210").ok();
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(300, 200, java.awt.image.BufferedImage.TYPE_INT_RGB),
                "png", png);
        Store.write(DOCUMENTS, "metrics/picture.png", png.toByteArray());
        String picture = api.idOf("metrics/picture.png");
        api.get("thumbnail", "id", picture, "size", "100").ok();
        api.get("thumbnail", "id", picture, "size", "100").ok();

        String after = scrape();
        assertEquals(5, moved(before, after, "docbridge_http_requests_seconds_count", "endpoint", "/api/metadata",
                "method", "GET", "status", "200"), "/metadata answered 200 five times");
        assertEquals(1, moved(before, after, "docbridge_http_requests_seconds_count", "endpoint", "/api/metadata",
                "status", "404"));
        assertEquals(1, moved(before, after, "docbridge_auth_failures_total", "mode", "apikey", "reason", "invalid-key"));
        assertEquals(content.length, moved(before, after, "docbridge_upload_bytes_total"));
        assertEquals(content.length, moved(before, after, "docbridge_download_bytes_total"));
        assertEquals(1, moved(before, after, "docbridge_action_runs_total", "action", "lock", "result", "success"));
        assertEquals(1, moved(before, after, "docbridge_action_runs_total", "action", "unlock", "result", "success"));
        assertEquals(1, moved(before, after, "docbridge_thumbnail_renders_total", "kind", "image", "result", "rendered"));
        assertEquals(1, moved(before, after, "docbridge_thumbnail_cache_hits_total"));
        // the bucket counts of a histogram grow with its count
        assertTrue(value(after, "docbridge_http_requests_seconds_bucket", "endpoint", "/api/metadata", "status", "200",
                "le", "+Inf") >= 5);
        // a path a client invents adds no time series
        api.raw("GET", "api/invented-" + System.nanoTime(), Map.of(), true);
        assertFalse(scrape().contains("invented-"), "an invented path became a label");
    }

    @Test
    @Order(4)
    void aFullDiskTakesTheNodeOutOfRotationUntilSpaceReturns() throws Exception {
        Path filler = DOCUMENTS.resolve(".filler");
        long free = Files.getFileStore(DOCUMENTS).getUsableSpace();
        Ops.run("fallocate", "-l", String.valueOf(free - (10L << 20)), filler.toString());
        try {
            JsonObject ready = Ops.health(server, "ready", 503);
            assertEquals("DOWN", ready.getString("status"));
            JsonObject disk = Ops.check(ready, "docbridge-disk");
            assertEquals("DOWN", disk.getString("status"));
            String reason = disk.getJsonObject("data").getString("reason");
            assertTrue(reason.contains("docbridge.health.min-free-bytes") && reason.contains("free"), reason);
            assertEquals("UP", Ops.check(ready, "docbridge-store").getString("status"), "the store itself still works");
            Ops.health(server, "live", 200);
        } finally {
            Files.delete(filler);
        }
        Ops.awaitReady(server, 10);
    }

    @Test
    @Order(5)
    void aStoreThatTurnsReadOnlyTakesTheNodeOutOfRotationUntilItIsWritable() throws Exception {
        Ops.run("mount", "-o", "remount,ro", DOCUMENTS.toString());
        try {
            JsonObject store = Ops.check(Ops.health(server, "ready", 503), "docbridge-store");
            assertEquals("DOWN", store.getString("status"));
            String reason = store.getJsonObject("data").getString("reason");
            assertTrue(reason.contains("Read-only file system"), reason);
            assertFalse(reason.contains(DOCUMENTS.toString()), "the reason shows a server path: " + reason);
            Ops.health(server, "live", 200);
        } finally {
            Ops.run("mount", "-o", "remount,rw", DOCUMENTS.toString());
        }
        Ops.awaitReady(server, 10);
        assertEquals(0, Files.list(DOCUMENTS).filter(p -> p.getFileName().toString().startsWith(".docbridge")).count(),
                "a probe file was left behind");
    }

    @Test
    @Order(6)
    void anOrderlyStopGoesDownFirstAndAnUploadInFlightIsNeverLeftHalfStored() throws Exception {
        String folder = api.call("POST", "createFolder", "parentId", "/", "name", "stopping").ok().object().getString("id");
        String id = api.call("POST", "uploadInit", "parentId", folder, "filename", "in-flight.bin").ok().object()
                .getString("id");
        byte[] content = new byte[64 * 1024];
        new java.util.Random(7).nextBytes(content);
        // the body dribbles in over about 3 s: the stop begins while it streams
        java.util.concurrent.CompletableFuture<Api.Reply> upload = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> api.uploadChunked(id, () -> new SlowStream(content, 1024, 50)));
        Thread.sleep(1000);
        node.terminate();
        long stopped = System.nanoTime();
        java.util.List<String> seen = new java.util.ArrayList<>();
        while (System.nanoTime() - stopped < TimeUnit.SECONDS.toNanos(3)) {
            try {
                seen.add(String.valueOf(server.raw("GET", "health/ready", Map.of(), false).status));
            } catch (IllegalStateException closed) {
                seen.add("closed");
            }
            Thread.sleep(100);
        }
        Api.Reply reply;
        try {
            reply = upload.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            reply = null; // the connection ended under it
        }
        assertTrue(node.awaitExit(Duration.ofSeconds(60)), "the server did not stop");
        System.out.println("readiness after SIGTERM: " + seen + "; the upload answered "
                + (reply == null ? "nothing (connection closed)" : reply.status + " " + reply.body()));
        // the first probe may still beat the stop's start by a few milliseconds; from the first DOWN on, never UP
        int down = seen.indexOf("503");
        assertTrue(down >= 0 && down <= 3, "readiness did not go DOWN at once on SIGTERM: " + seen);
        assertFalse(seen.subList(down, seen.size()).contains("200"), "readiness came back UP during the stop: " + seen);
        Path stored = DOCUMENTS.resolve("stopping/in-flight.bin");
        // never part of it: acknowledged means whole; a failed answer means nothing or the whole content (on
        // Payara Micro, an upload that ends while the application stops may get the container's 500 although
        // its content was stored whole; sending it again stores the same content)
        byte[] kept = Files.readAllBytes(stored);
        if (reply != null && reply.status == 200) {
            assertTrue(java.util.Arrays.equals(content, kept), "acknowledged, but not intact");
        } else {
            assertTrue(kept.length == 0 || java.util.Arrays.equals(content, kept),
                    "a failed upload left part of its content: " + kept.length + " bytes");
        }
        try (java.util.stream.Stream<Path> files = Files.list(DOCUMENTS.resolve("stopping"))) {
            assertEquals(java.util.List.of(stored), files.toList(), "a temporary file is left");
        }
    }

    /** Hands out {@code chunk} bytes at a time, sleeping {@code millis} before each. */
    static final class SlowStream extends java.io.InputStream {
        private final byte[] content;
        private final int chunk;
        private final long millis;
        private int at;

        SlowStream(byte[] content, int chunk, long millis) {
            this.content = content;
            this.chunk = chunk;
            this.millis = millis;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (at >= content.length) {
                return -1;
            }
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException();
            }
            int n = Math.min(Math.min(len, chunk), content.length - at);
            System.arraycopy(content, at, b, off, n);
            at += n;
            return n;
        }
    }

    // --- helpers --------------------------------------------------------------------------------




    /** A number in a check's data: Payara writes numbers as strings, WildFly as numbers. */
    private static long number(JsonObject check, String key) {
        jakarta.json.JsonValue v = check.getJsonObject("data").get(key);
        return Long.parseLong(v instanceof jakarta.json.JsonString text ? text.getString() : v.toString());
    }

    private static String scrape() {
        Api.Reply reply = server.raw("GET", "metrics", Map.of("Authorization", "Bearer " + METRICS_KEY), false);
        assertEquals(200, reply.status, reply.body());
        assertTrue(reply.header("Content-Type").startsWith("text/plain"), reply.header("Content-Type"));
        return reply.body();
    }

    private static long moved(String before, String after, String name, String... labels) {
        return Math.round(value(after, name, labels) - value(before, name, labels));
    }

    /** The sum of the samples of {@code name} whose labels include these pairs; 0 when there is none. */
    static double value(String text, String name, String... labels) {
        double sum = 0;
        for (String line : text.split("\n")) {
            if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
                continue;
            }
            boolean matches = true;
            for (int i = 0; i < labels.length; i += 2) {
                matches &= line.contains(labels[i] + "=\"" + labels[i + 1] + "\"");
            }
            if (matches) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

}
