package org.docbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * PostgreSQL stopped and started again while requests run: meanwhile, calls that need the state answer
 * 503 with the error JSON naming the database, nothing half-written remains, and the same server
 * serves again, without a restart, once the database is back. The database is a cluster of this
 * test's own (the run's stays up for the other tests); the server a Payara Micro of its own.
 */
@EnabledIfSystemProperty(named = "it.pg.dir", matches = ".+", disabledReason = "needs PostgreSQL: mvn verify -Ppostgres")
class DatabaseOutageIT {

    static final Path WORK = Path.of(Store.WORK + "-outage");
    static final Path DOCUMENTS = WORK.resolve("documents");
    /**
     * An outage is reported, not sat out: the caller (Workfront, a person waiting) has its 503 within
     * this, whatever a connection pool would wait by default (HikariCP: 30 s).
     */
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(20);

    static Postgres postgres;
    static Node node;

    @BeforeAll
    static void aServerOnADatabaseOfItsOwn() throws Exception {
        postgres = Postgres.own("outage", 1);
        postgres.start();
        Store.delete(WORK);
        Files.createDirectories(DOCUMENTS);
        Map<String, String> settings = new TreeMap<>(postgres.settings("docbridge"));
        settings.put("DOCBRIDGE_STORE_ROOT", DOCUMENTS.toString());
        node = new Node("outage", WORK, settings);
        node.start();
        node.awaitReady(Duration.ofSeconds(180));
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
        if (postgres != null) {
            postgres.stop();
        }
    }

    @Test
    void callsThatNeedTheDatabaseAnswer503UntilItIsBackThenTheSameServerServesAgain() throws Exception {
        Api api = node.api();
        Store.write(DOCUMENTS, "outage/known.txt", "known");
        Store.write(DOCUMENTS, "outage/unlisted/new.txt", "new");
        String folder = api.idOf("outage");
        String known = api.idOf("outage/known.txt");
        String unlisted = api.idOf("outage/unlisted"); // its content is listed by nobody yet

        Background reads = new Background(api, folder, known);
        reads.start();
        try {
            throughTheOutage(api, folder, known, unlisted, reads);
        } finally {
            reads.stop();
        }
    }

    private static void throughTheOutage(Api api, String folder, String known, String unlisted, Background reads)
            throws Exception {
        long pid = node.pid();
        assertEquals(200, node.server().raw("GET", "health/ready", Map.of(), false).status, "ready before the outage");
        postgres.halt();
        try {
            // a load balancer sees the node go: readiness DOWN, naming the database; alive all the same
            Api.Reply ready = node.server().raw("GET", "health/ready", Map.of(), false);
            assertEquals(503, ready.status, ready.body());
            assertTrue(ready.body().contains("docbridge-database") && ready.body().contains("state database"),
                    "the readiness answer does not name the database: " + ready.body());
            assertEquals(200, node.server().raw("GET", "health/live", Map.of(), false).status);
            // each of these must record state: new ids, an upload session, a catalogue change
            refused("/files of a folder never listed", () -> api.get("files", "parentId", unlisted));
            refused("/uploadInit", () -> api.call("POST", "uploadInit", "parentId", folder, "filename", "during.txt"));
            refused("/createFolder", () -> api.call("POST", "createFolder", "parentId", folder, "name", "made during"));
            refused("/rename", () -> api.call("PUT", "rename", "id", known, "name", "renamed during.txt"));
        } finally {
            postgres.resume();
        }

        // back without a restart: the same process serves again within a while
        long back = System.nanoTime();
        Api.Reply listing = api.get("files", "parentId", unlisted);
        while (listing.status != 200 && System.nanoTime() - back < TimeUnit.SECONDS.toNanos(60)) {
            Thread.sleep(500);
            listing = api.get("files", "parentId", unlisted);
        }
        assertEquals(200, listing.status, "60 s after the database returned: " + listing.body());
        System.out.printf("serving again %.1f s after the database returned%n", (System.nanoTime() - back) / 1e9);
        assertEquals(pid, node.pid(), "the server was restarted");
        Api.Reply readyAgain = node.server().raw("GET", "health/ready", Map.of(), false);
        assertEquals(200, readyAgain.status, "ready again once the database is back: " + readyAgain.body());
        assertEquals(List.of("new.txt"), api.titles(listing.array()));
        reads.stop(); // here: the rename below changes what they expect
        assertTrue(reads.problems().isEmpty(), "answers to the reads running through the outage:\n"
                + String.join("\n", reads.problems()));

        // nothing half-written: what was refused did not happen, on disk or in the catalogue
        assertTrue(Files.exists(DOCUMENTS.resolve("outage/known.txt")), "the refused rename happened on disk");
        assertFalse(Files.exists(DOCUMENTS.resolve("outage/renamed during.txt")), "the refused rename happened on disk");
        assertFalse(Files.exists(DOCUMENTS.resolve("outage/during.txt")), "the refused uploadInit left a placeholder");
        assertFalse(Files.exists(DOCUMENTS.resolve("outage/made during")), "the refused createFolder left a folder");
        assertEquals(List.of("unlisted", "known.txt"), api.titles(api.get("files", "parentId", folder).array()));
        assertEquals("known.txt", api.get("metadata", "id", known).ok().object().getString("title"));

        // and it writes again
        String sent = api.sendTo(folder, "after.txt", "after the outage".getBytes(StandardCharsets.UTF_8)).getString("id");
        assertEquals("after the outage", api.get("download", "id", sent).ok().body());
        api.call("PUT", "rename", "id", known, "name", "renamed after.txt").ok();
        assertEquals("renamed after.txt", api.get("metadata", "id", known).ok().object().getString("title"));
    }

    /** The call, made while the database is down, answers 503 with the error JSON naming the database, soon. */
    static void refused(String what, Supplier<Api.Reply> call) {
        long started = System.nanoTime();
        Api.Reply reply = call.get();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(millis <= ANSWER_WITHIN.toMillis(), what + " took " + millis + " ms to answer");
        String message = reply.error(503); // JSON content type, exactly {"status":"error","error":"..."}
        assertTrue(message.toLowerCase(Locale.ROOT).contains("database"), what + ": the message does not name the"
                + " database: " + message);
        assertClean(what, reply.body());
        System.out.println(what + " while the database is down: 503 in " + millis + " ms: " + message);
    }

    /** No HTML, stack trace or secret in an answer. */
    static void assertClean(String what, String body) {
        for (String leak : List.of("<html", "Exception", "\tat ", "at org.", "at java.", Postgres.PASSWORD)) {
            assertFalse(body.contains(leak), what + " answered with '" + leak + "' in it: " + body);
        }
    }

    /**
     * /metadata and /files of items known before the outage, called in a loop through it: each answer is
     * either the right one (a node may serve what it has checked) or the 503 error JSON, never anything else.
     */
    static final class Background {
        private final Api api;
        private final String folder;
        private final String known;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<String> problems = new ArrayList<>();
        private final Thread thread;

        Background(Api api, String folder, String known) {
            this.api = api;
            this.folder = folder;
            this.known = known;
            this.thread = new Thread(this::run, "reads during the outage");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(TimeUnit.SECONDS.toMillis(60));
        }

        synchronized List<String> problems() {
            return List.copyOf(problems);
        }

        private void run() {
            while (running.get()) {
                check("/metadata", () -> api.get("metadata", "id", known), "\"known.txt\"");
                check("/files", () -> api.get("files", "parentId", folder), "\"known.txt\"");
                try {
                    Thread.sleep(50); // a steady trickle, not a load test
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void check(String what, Supplier<Api.Reply> call, String expected) {
            try {
                Api.Reply reply = call.get();
                if (reply.status == 200) {
                    assertTrue(reply.body().contains(expected), "200 without " + expected + ": " + reply.body());
                } else {
                    reply.error(503);
                    assertClean(what, reply.body());
                }
            } catch (AssertionError | RuntimeException e) {
                synchronized (this) {
                    if (problems.size() < 20) {
                        problems.add(what + ": " + e.getMessage());
                    }
                }
            }
        }
    }
}
