package org.docbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Soak: mixed Workfront traffic (browse, search, metadata, download, thumbnail, Send To, rename,
 * create, delete, custom actions) from 64 keep-alive connections against docbridge on a Payara Micro
 * of its own at {@code -Xmx256m}, 10 minutes in the full form ({@code -Dproof.full=true}), 30 s in the
 * short form. No call may fail; the heap after a full GC, the open file descriptors and the threads of
 * the server are sampled after a warm-up (pools full, caches warm) and again at the end, with the
 * traffic paused both times: the heap may differ by at most 32 MB, descriptors and threads not grow.
 */
class SoakIT {

    static final Path WORK = Path.of(Store.WORK + "-soak");
    static final int CLIENTS = 64;
    static final String HEAP = "-Xmx256m";
    static final long HEAP_SLACK = 32L << 20;
    /** The short form (CI) catches errors and leaks that show within half a minute; the full form is the issue's 10 minutes. */
    static final Duration WARM_UP = Proof.full() ? Duration.ofSeconds(60) : Duration.ofSeconds(15);
    static final Duration RUN = Proof.full() ? Duration.ofMinutes(10) : Duration.ofSeconds(30);

    static Node node;

    @BeforeAll
    static void aNodeWithAPreparedTree() throws Exception {
        Store.delete(WORK);
        Path documents = Files.createDirectories(WORK.resolve("documents"));
        SoakTree.write(documents, CLIENTS);
        Map<String, String> settings = new TreeMap<>();
        settings.put("DOCBRIDGE_STORE_ROOT", documents.toString());
        // custom actions as an admin configures them; the failsafe environment's others are not wanted here
        settings.put("DOCBRIDGE_ACTIONS", "lock, unlock");
        settings.put("DOCBRIDGE_ACTION_LOCK_DISPLAY_NAME", "Lock");
        settings.put("DOCBRIDGE_ACTION_UNLOCK_DISPLAY_NAME", "Unlock");
        settings.put("DOCBRIDGE_ACCESS_RULES", "");
        node = new Node("soak", WORK, settings);
        // the node takes its heap from it.heap: the soak's figure is for -Xmx256m, whatever the build says
        String heap = System.getProperty("it.heap");
        System.setProperty("it.heap", HEAP);
        try {
            node.start();
        } finally {
            if (heap == null) {
                System.clearProperty("it.heap");
            } else {
                System.setProperty("it.heap", heap);
            }
        }
        node.awaitReady(Duration.ofSeconds(180));
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void mixedTrafficAt64ConnectionsLeavesNoErrorsNoLeaks() throws Exception {
        List<String> arguments = ProcessHandle.of(node.pid()).orElseThrow().info().arguments().map(List::of).orElseThrow();
        assertEquals(List.of(HEAP), arguments.stream().filter(a -> a.startsWith("-Xmx")).toList());

        Api api = node.api();
        List<String> shelves = new ArrayList<>();
        List<SoakClient.Known> library = new ArrayList<>();
        for (JsonValue shelf : api.get("files", "parentId", api.idOf("library")).array()) {
            String shelfId = shelf.asJsonObject().getString("id");
            shelves.add(shelfId);
            for (JsonValue v : api.get("files", "parentId", shelfId).array()) {
                JsonObject file = v.asJsonObject();
                String title = file.getString("title");
                library.add(new SoakClient.Known(file.getString("id"), title, file.getJsonNumber("size").longValue(),
                        !title.endsWith(".txt")));
            }
        }
        assertEquals(SoakTree.SHELVES * SoakTree.PER_SHELF, library.size());
        List<SoakClient> clients = new ArrayList<>();
        String work = api.idOf("work");
        for (JsonValue v : api.get("files", "parentId", work).array()) {
            JsonObject own = v.asJsonObject();
            SoakClient client = new SoakClient(api.root(), own.getString("title"), own.getString("id"), shelves, library);
            client.own(api.get("files", "parentId", own.getString("id")).array());
            clients.add(client);
        }
        assertEquals(CLIENTS, clients.size());

        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            traffic(pool, clients, WARM_UP);
            int selectorsBefore = Sample.descriptors(node.pid()).getOrDefault(Sample.EPOLL, 0);
            fillTemporarySelectors(api);
            Sample start = Sample.of(node.pid(), "start");
            long requestsBefore = total(t -> t.requests.sum());
            long began = System.nanoTime();
            traffic(pool, clients, RUN);
            double seconds = (System.nanoTime() - began) / 1e9;
            Sample end = Sample.of(node.pid(), "end");
            long requests = total(t -> t.requests.sum()) - requestsBefore;
            long errors = total(t -> t.errors.sum());
            List<String> lines = new ArrayList<>();
            lines.add(String.format("%d connections, %s warm-up, then %.0f s of traffic, server at %s", CLIENTS,
                    WARM_UP, seconds, HEAP));
            new TreeMap<>(SoakClient.TALLIES).forEach((kind, t) -> lines.add(String.format(
                    "  %-18s %7d requests, %5d expected refusals, %d errors", kind, t.requests.sum(),
                    t.expectedRefusals.sum(), t.errors.sum())));
            lines.add(String.format("requests (after the warm-up): %d, %.0f req/s; errors (whole run): %d",
                    requests, requests / seconds, errors));
            lines.add("epoll selectors after the warm-up's traffic " + selectorsBefore
                    + ", after 48 paused uploads filled Grizzly's temporary selector pool " + start.open.get(Sample.EPOLL));
            lines.add("start: " + start);
            lines.add("end:   " + end);
            lines.add("descriptors more at the end: " + Sample.grown(start.open, end.open) + ", fewer: "
                    + Sample.grown(end.open, start.open));
            lines.add("threads more at the end: " + Sample.grown(start.named, end.named) + ", fewer: "
                    + Sample.grown(end.named, start.named));
            Proof.report("soak", "payara-micro", lines);
            assertEquals(0, errors, "errors, the first of them: " + String.join("\n", SoakClient.FIRST_ERRORS));
            assertTrue(Math.abs(end.heap - start.heap) <= HEAP_SLACK, "heap after a full GC moved by more than"
                    + " 32 MB: " + start + " -> " + end);
            assertTrue(end.fds <= start.fds, "file descriptors grew: " + start + " -> " + end + "; more of "
                    + Sample.grown(start.open, end.open));
            // two of the server's pools fill up as they are used, up to a bound, and never shrink: Payara's EJB
            // thread pool, which runs docbridge's timers (one more thread each time a timer fires, up to its core
            // size of 16; the upload expiry fires once a minute), and the default managed executor, which runs the
            // custom actions (up to their peak concurrency: one per connection). Within those bounds they are not a
            // leak; every other thread name must not grow at all.
            // Two more pools are sized on demand and retire idle threads, so the count at one instant depends
            // on when they last had work, not on docbridge's traffic: Hazelcast's cached executor (Payara
            // Micro's own; idle threads go after 60 s), the JIT's compiler threads, and the state pool's
            // (HikariCP's) threads that add and close connections, one each at most, alive for a few seconds
            // after the pool last grew or retired a connection. They may differ by a few.
            Map<String, Integer> grown = new TreeMap<>(Sample.grown(start.named, end.named));
            assertTrue(end.named.getOrDefault(EJB_POOL, 0) <= 16, "Payara's EJB thread pool passed its core size: " + end.named);
            assertTrue(end.named.getOrDefault(MANAGED_POOL, 0) <= start.named.getOrDefault(MANAGED_POOL, 0) + CLIENTS,
                    "the managed executor grew past one thread per connection: " + end.named);
            grown.remove(EJB_POOL);
            grown.remove(MANAGED_POOL);
            grown.entrySet().removeIf(more -> ON_DEMAND.matcher(more.getKey()).matches() && more.getValue() <= ON_DEMAND_SLACK);
            assertTrue(grown.isEmpty(), "threads grew: " + start + " -> " + end + "; more of " + grown);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Every client calls for {@code length}, then the traffic pauses a moment for the sample. */
    private static void traffic(ExecutorService pool, List<SoakClient> clients, Duration length) throws Exception {
        long stopAt = System.nanoTime() + length.toNanos();
        List<Future<?>> running = new ArrayList<>();
        for (SoakClient client : clients) {
            running.add(pool.submit(() -> client.run(stopAt)));
        }
        for (Future<?> f : running) {
            f.get(length.toSeconds() + 300, TimeUnit.SECONDS);
        }
        Thread.sleep(2_000); // answers written, the last requests' work done
    }

    /**
     * Payara's HTTP layer (Grizzly) waits for the rest of a request body that has not arrived yet on a
     * selector from a pool that starts empty and keeps up to 32 of them (2 descriptors each: an epoll
     * and its eventfd); each new peak of such waits, which mixed traffic reaches at random, adds
     * descriptors that then stay. 48 uploads whose bodies pause halfway fill that pool before the
     * first sample, as a server that has served a while has it full: then any growth is the product's.
     */
    private static void fillTemporarySelectors(Api api) throws Exception {
        String folder = api.idOf("fill");
        java.net.URI uri = java.net.URI.create(api.root());
        byte[] body = SoakTree.text(64 * 1024);
        List<java.net.Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 48; i++) {
                String id = api.call("POST", "uploadInit", "parentId", folder, "filename", "fill-" + i + ".txt",
                        "documentId", String.format("%032x", i), "documentVersionId", String.format("%032x", i)).ok()
                        .object().getString("id");
                java.net.Socket socket = new java.net.Socket("127.0.0.1", uri.getPort());
                socket.setSoTimeout(60_000);
                socket.getOutputStream().write(("PUT " + uri.getPath() + "api/upload" + Api.query("id", id)
                        + " HTTP/1.1\r\nHost: 127.0.0.1\r\napiKey: " + Api.KEY + "\r\nusername: " + Api.USER
                        + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                socket.getOutputStream().write(body, 0, body.length / 2);
                socket.getOutputStream().flush();
                slow.add(socket);
            }
            Thread.sleep(3_000); // every upload now waits for the rest of its body, each on a selector
            for (java.net.Socket socket : slow) {
                socket.getOutputStream().write(body, body.length / 2, body.length - body.length / 2);
                socket.getOutputStream().flush();
            }
            for (java.net.Socket socket : slow) {
                byte[] answer = socket.getInputStream().readAllBytes();
                String head = new String(answer, 0, Math.min(12, answer.length), java.nio.charset.StandardCharsets.US_ASCII);
                assertTrue(head.startsWith("HTTP/1.1 200"), "an upload with a pause: " + new String(answer,
                        java.nio.charset.StandardCharsets.UTF_8));
            }
        } finally {
            for (java.net.Socket socket : slow) {
                socket.close();
            }
        }
        Thread.sleep(1_000);
    }

    private static long total(java.util.function.ToLongFunction<SoakClient.Tally> of) {
        return SoakClient.TALLIES.values().stream().mapToLong(of).sum();
    }

    /** Thread names (numbers as #) of the two server pools that fill up to a bound. */
    static final String EJB_POOL = "__ejb-thread-pool#";
    static final String MANAGED_POOL = "concurrent/__defaultManagedExecutorService-managedThreadFactory-Thread-#";
    /** Thread names (numbers as #) of the pools that start threads on demand and retire idle ones. */
    static final java.util.regex.Pattern ON_DEMAND = java.util.regex.Pattern.compile(
            "hz\\..*\\.cached\\.thread-#|C# CompilerThread#|docbridge-state:connection-(adder|closer)");
    /** How many more threads such a pool may have at the end than at the start. */
    static final int ON_DEMAND_SLACK = 4;

    /** The server's heap after a full GC, its open file descriptors and its threads. */

    record Sample(long heap, long fds, long threads, Map<String, Integer> open, Map<String, Integer> named) {

        /** Also keeps the server's thread dump and class histogram in {@code target/proof/soak-{threads,heap}-<label>.txt}. */
        static Sample of(long pid, String label) throws IOException, InterruptedException {
            long heap = ServerHeap.usedAfterFullGc(ProcessHandle.of(pid).orElseThrow());
            Path dump = Path.of(System.getProperty("basedir", "."), "target", "proof", "soak-threads-" + label + ".txt");
            Files.createDirectories(dump.getParent());
            new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid),
                    "Thread.print").redirectErrorStream(true).redirectOutput(dump.toFile()).start().waitFor(60, TimeUnit.SECONDS);
            // and what the heap holds after the full GC, class by class, to tell what grew
            new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid),
                    "GC.class_histogram").redirectErrorStream(true)
                    .redirectOutput(dump.resolveSibling("soak-heap-" + label + ".txt").toFile()).start()
                    .waitFor(60, TimeUnit.SECONDS);
            Map<String, Integer> open = descriptors(pid);
            Map<String, Integer> named = threads(Files.readString(dump));
            if (named.size() < 10) { // a server's dump names a hundred threads and more
                throw new IllegalStateException("jcmd gave no thread dump of the server; see " + dump);
            }
            return new Sample(heap, open.values().stream().mapToInt(Integer::intValue).sum(),
                    named.values().stream().mapToInt(Integer::intValue).sum(), open, named);
        }

        static final String EPOLL = "anon_inode:[eventpoll]";

        /** The process's open descriptors, counted by what they are open on. */
        static Map<String, Integer> descriptors(long pid) throws IOException {
            Map<String, Integer> open = new TreeMap<>();
            try (Stream<Path> entries = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
                entries.forEach(e -> open.merge(what(e), 1, Integer::sum));
            }
            return open;
        }

        /** What a descriptor is open on: a file's path, or its kind (socket, pipe, anon_inode:...). */
        private static String what(Path fd) {
            try {
                return Files.readSymbolicLink(fd).toString().replaceAll(":\\[\\d+\\]$", "");
            } catch (IOException closedMeanwhile) {
                return "(closed)";
            }
        }

        /** The descriptors of which {@code end} has more than {@code start}, and how many more. */
        static Map<String, Integer> grown(Map<String, Integer> start, Map<String, Integer> end) {
            Map<String, Integer> more = new TreeMap<>();
            end.forEach((what, n) -> {
                if (n > start.getOrDefault(what, 0)) {
                    more.put(what, n - start.getOrDefault(what, 0));
                }
            });
            return more;
        }

        /**
         * The threads of a thread dump ({@code jcmd Thread.print}), counted by their whole names with the
         * numbers in them as # (a pool's threads alike); /proc would cut the names to 15 characters.
         */
        static Map<String, Integer> threads(String dump) {
            Map<String, Integer> named = new TreeMap<>();
            java.util.regex.Matcher thread = java.util.regex.Pattern.compile("(?m)^\"([^\"]*)\"").matcher(dump);
            while (thread.find()) {
                named.merge(thread.group(1).replaceAll("\\d+", "#"), 1, Integer::sum);
            }
            return named;
        }

        @Override
        public String toString() {
            return String.format("heap after full GC %.1f MB, %d file descriptors (%d of them epoll selectors), %d threads",
                    heap / 1048576.0, fds, open.getOrDefault(EPOLL, 0), threads);
        }
    }
}
