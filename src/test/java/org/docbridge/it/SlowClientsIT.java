package org.docbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Slow and idle clients (issue 13) on Payara Micro started as server-config/payara/run starts it
 * (its pre-boot commands set the HTTP listener's timeouts): 200 connections that send a request head
 * a byte a second, an upload body a byte a second, or never read a download. Normal calls keep their
 * latency (full form: p99 at most twice the unloaded one; short form: five times, a smoke check on a
 * shared CI machine), every slow connection is closed within its documented timeout (a trickled upload
 * by docbridge's upload rate, a trickled head and an unread download by docbridge's connection
 * deadlines, which Payara's own settings lack), and its threads and heap stay bounded. The short form (CI) shortens docbridge's
 * upload-rate window; the full form ({@code -Dproof.full=true}) runs the product's defaults and more
 * samples.
 */
class SlowClientsIT {

    static final String SUITE = "slow-clients";
    static final Path WORK = Path.of(Store.WORK + "-slow");
    static final Path DOCUMENTS = WORK.resolve("documents");
    static final int SLOW = 200;
    /**
     * Documented: docbridge.http.head-timeout (a request head must be whole 30 s after its first byte)
     * and docbridge.http.unread-answer-timeout (an answer the client takes nothing of for 30 s), both
     * PT30S by default: docbridge closes such connections itself on Payara (org.docbridge.connections).
     */
    static final int HEAD_TIMEOUT_S = 30;
    static final int DOWNLOAD_TIMEOUT_S = 30;
    /** Documented: docbridge.upload.min-rate's window (default PT60S; the short form sets 20 s). */
    static final int RATE_WINDOW_S = Proof.full() ? 60 : 20;
    /** Margin over a documented timeout: a download's write times out only once its queue is full, on a busy machine later. */
    static final int MARGIN_S = 30;
    /** The bound for the server's heap after a full GC, while held and after: 75 % of the nodes' -Xmx256m. */
    static final long HEAP_BOUND = 192L << 20;
    /** Short form (CI): loaded p99 within this many times the unloaded one; the full form asserts 2. */
    static final double P99_FACTOR = Proof.full() ? 2 : 5;
    /**
     * Short form only: a loaded p99 under this passes whatever the ratio. On a shared CI machine the ratio
     * is noise (measured here 2.7x-5.4x at load average 15-35); what the short form must catch is starvation
     * (calls that wait for a thread: 300 s timeouts before the fixes).
     */
    static final double SHORT_FORM_P99_OK_MS = Proof.full() ? 0 : 1000;
    /** p99s below this are treated as this: loopback calls of a few milliseconds jitter by more than 2x. */
    static final double FLOOR_MS = 20;

    static Node node;
    static Api api;
    static String folderId;
    static String bigId;
    static final List<String> figures = new ArrayList<>();

    @BeforeAll
    static void aNodeWithAFolderAndALargeFile() throws Exception {
        Assumptions.assumeFalse("wildfly".equals(System.getProperty("arquillian.launch")),
                "the suite starts Payara Micro nodes of its own; WildFly's listener is set in configure.cli");
        Store.delete(WORK);
        for (int i = 0; i < 40; i++) {
            Store.write(DOCUMENTS, "browse/file-" + i + ".txt", "content of file " + i);
        }
        Files.createDirectories(DOCUMENTS.resolve("uploads"));
        try (RandomAccessFile big = new RandomAccessFile(DOCUMENTS.resolve("big.bin").toFile(), "rw")) {
            big.setLength(50L << 20);
        }
        Map<String, String> settings = new TreeMap<>();
        settings.put("DOCBRIDGE_STORE_ROOT", DOCUMENTS.toString());
        if (!Proof.full()) {
            settings.put("DOCBRIDGE_UPLOAD_RATE_WINDOW", "PT" + RATE_WINDOW_S + "S");
        }
        node = new Node("slow", WORK, settings, true);
        node.start();
        node.awaitReady(Duration.ofSeconds(300));
        api = node.api();
        folderId = api.idOf("browse");
        bigId = api.idOf("big.bin");
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void slowClientsNeitherSlowNormalCallsNorStayOpen() throws Exception {
        int samples = Proof.full() ? 2000 : 400;
        int threads = 2;
        String fileId = api.idOf("browse/file-7.txt");
        latencies(200, threads, fileId); // warm-up
        long threadsBefore = threads();
        long heapBefore = heap();
        double unloaded = p99(latencies(samples, threads, fileId));

        List<String> uploadIds = new ArrayList<>();
        for (int i = 0; i < (SLOW + 2) / 3; i++) {
            uploadIds.add(api.call("POST", "uploadInit", "parentId", api.idOf("uploads"), "filename", "slow-" + i + ".bin",
                    "documentId", "0123456789abcdef0123456789abcdef", "documentVersionId",
                    "fedcba9876543210fedcba9876543210").ok().object().getString("id"));
        }
        try (SlowClients slow = new SlowClients("127.0.0.1", node.port)) {
            long opened = System.nanoTime();
            for (int i = 0; i < SLOW; i++) {
                switch (i % 3) {
                    case 0 -> slow.head("/api/metadata?id=" + Api.encode(fileId));
                    case 1 -> slow.body("/api/upload?id=" + Api.encode(uploadIds.get(i / 3)), 1_000_000);
                    default -> slow.download("/api/download?id=" + Api.encode(bigId));
                }
            }
            Thread.sleep(3000); // every slow connection under way
            long openWhileLoaded = slow.openAll();
            long threadsDuring = threads();
            double loaded = p99(latencies(samples, threads, fileId));
            long heapDuring = heap();

            int deadline = Integer.getInteger("slow.wait",
                    Math.max(Math.max(DOWNLOAD_TIMEOUT_S, HEAD_TIMEOUT_S), RATE_WINDOW_S) + MARGIN_S);
            while (slow.openAll() > 0 && System.nanoTime() - opened < deadline * 1_000_000_000L) {
                Thread.sleep(500);
            }
            Thread.sleep(2000);
            long threadsAfter = threads();
            long heapAfter = heap();

            figures.add(String.format("normal calls (metadata, files, search; %d threads, %d samples each phase):"
                    + " p99 unloaded %.1f ms, p99 with %d slow connections open %.1f ms (limit %.0f x max(%.1f, %.0f) ms)",
                    threads, samples, unloaded, openWhileLoaded, loaded, P99_FACTOR, unloaded, FLOOR_MS));
            for (SlowClients.Kind kind : SlowClients.Kind.values()) {
                List<Double> closed = slow.closedAfter(kind);
                figures.add(String.format("%s: %d connections, closed by the server after %s s (min/median/max),"
                        + " %d still open; first answer: %s", kind, closed.size(), summary(closed),
                        closed.stream().filter(s -> s < 0).count(), firstAnswer(slow, kind)));
            }
            figures.add(String.format("server threads: before %d, with the slow connections %d, after %d", threadsBefore,
                    threadsDuring, threadsAfter));
            figures.add(String.format("server heap after a full GC: before %d MB, with the slow connections %d MB,"
                    + " after %d MB", heapBefore >> 20, heapDuring >> 20, heapAfter >> 20));
            Proof.report(SUITE, "payara-micro", figures);

            assertTrue(loaded <= Math.max(P99_FACTOR * Math.max(unloaded, FLOOR_MS), SHORT_FORM_P99_OK_MS), figures.get(0));
            assertEquals(0, slow.open(SlowClients.Kind.BODY), "every slow upload is closed by the server: " + figures);
            assertTrue(max(slow.closedAfter(SlowClients.Kind.BODY)) <= RATE_WINDOW_S + MARGIN_S, figures.toString());
            // Grizzly itself has no deadline for a request head (each byte restarts its idle timeout) and
            // cannot close a connection whose answer waits unread; docbridge's connection deadlines do both
            assertEquals(0, slow.open(SlowClients.Kind.HEAD), "every trickled head is closed: " + figures);
            assertTrue(max(slow.closedAfter(SlowClients.Kind.HEAD)) <= HEAD_TIMEOUT_S + MARGIN_S, figures.toString());
            assertEquals(0, slow.open(SlowClients.Kind.DOWNLOAD), "every unread download is closed: " + figures);
            assertTrue(max(slow.closedAfter(SlowClients.Kind.DOWNLOAD)) <= DOWNLOAD_TIMEOUT_S + MARGIN_S, figures.toString());
            // threads: bounded by Payara Micro's http-thread-pool (max 200), idle ones kept a while
            assertTrue(threadsDuring <= threadsBefore + SLOW, figures.toString());
            assertTrue(threadsAfter <= threadsBefore + SLOW, figures.toString());
            assertTrue(heapDuring <= HEAP_BOUND && heapAfter <= HEAP_BOUND, figures.toString());
        }
        assertEquals(200, api.get("metadata", "id", fileId).status);
    }

    /** Milliseconds of each call of {@code count}, made by {@code threads} clients one after the other. */
    private static List<Double> latencies(int count, int threads, String fileId) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<Double>>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                parts.add(pool.submit(() -> {
                    List<Double> ms = new ArrayList<>();
                    for (int i = 0; i < count / threads; i++) {
                        long start = System.nanoTime();
                        Api.Reply reply = switch (i % 3) {
                            case 0 -> api.get("metadata", "id", fileId);
                            case 1 -> api.get("files", "parentId", folderId);
                            default -> api.get("search", "query", "file-1");
                        };
                        ms.add((System.nanoTime() - start) / 1e6);
                        reply.ok();
                    }
                    return ms;
                }));
            }
            List<Double> all = new ArrayList<>();
            for (Future<List<Double>> part : parts) {
                all.addAll(part.get());
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }

    private static double p99(List<Double> ms) {
        List<Double> sorted = new ArrayList<>(ms);
        Collections.sort(sorted);
        return sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1);
    }

    private static double max(List<Double> seconds) {
        return seconds.stream().mapToDouble(s -> s < 0 ? Double.MAX_VALUE : s).max().orElse(0);
    }

    private static String summary(List<Double> seconds) {
        List<Double> done = new ArrayList<>(seconds.stream().filter(s -> s >= 0).toList());
        if (done.isEmpty()) {
            return "-";
        }
        Collections.sort(done);
        return String.format("%.1f/%.1f/%.1f", done.get(0), done.get(done.size() / 2), done.get(done.size() - 1));
    }

    private static String firstAnswer(SlowClients slow, SlowClients.Kind kind) {
        return slow.conns.stream().filter(c -> c.kind == kind && c.closed()).findFirst()
                .map(c -> "'" + c.answer() + "'").orElse("-");
    }

    private static long threads() throws IOException {
        try (var tasks = Files.list(Path.of("/proc", Long.toString(node.pid()), "task"))) {
            return tasks.count();
        }
    }

    private static long heap() throws IOException, InterruptedException {
        return ServerHeap.usedAfterFullGc(ProcessHandle.of(node.pid()).orElseThrow());
    }
}
