package org.docbridge.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * kill -9 while 50 uploads of 1 to 40 MB, renames and folder creations run, then a restart on the same
 * data, again and again: every acknowledged upload is listed and byte-identical, no item is partial
 * (through the API and on disk), no temporary file is visible or left, and every id handed out before
 * the crash answers the same item. 3 cycles; 20 with {@code -Dproof.full=true}. The kill moments come
 * from a seed that is printed; {@code -Dcrash.seed=N} replays them. Runs on Payara Micro (on
 * PostgreSQL with -Ppostgres) and, with -Pwildfly, on a WildFly of its own ({@link WildFlyNode}) with
 * its state in PostgreSQL; {@code -Dcrash.state=embedded} puts it in the embedded database instead.
 */
class CrashIT {

    static final Path WORK = Path.of(Store.WORK + "-crash");
    static final Path DOCUMENTS = WORK.resolve("documents");
    /** Generous: on a machine shared with other builds, a Payara Micro start has taken over two minutes. */
    static final Duration START = Duration.ofSeconds(300);
    /** The kill comes up to this long after the first upload is acknowledged: a seeded random moment. */
    static final long KILL_WINDOW_MS = 5000;
    /** How long the restart's background sweep may take to remove the dead run's temporary files. */
    static final long SWEEP_MS = 60_000;
    static final int RENAMED_FOLDERS = 4;

    @Test
    void whatWasAcknowledgedSurvivesKillDashNineAndNothingPartialIsEverServed() throws Exception {
        long seed = Long.getLong("crash.seed", System.currentTimeMillis() % 1_000_000);
        int cycles = Proof.full() ? 20 : 3;
        String server = Proof.server();
        System.out.println("CrashIT: seed " + seed + " (replay with -Dcrash.seed=" + seed + "), " + cycles
                + " cycles on " + server);
        Store.delete(WORK);
        Files.createDirectories(DOCUMENTS);
        long began = System.nanoTime();
        List<String> problems = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        Totals totals = new Totals();
        /** id -> the name it answers to: folders made in earlier cycles, checked after every crash */
        Map<String, String> kept = new LinkedHashMap<>();
        try (ServerProcess node = launch(server)) {
            node.start();
            node.awaitReady(START);
            for (int cycle = 1; cycle <= cycles; cycle++) {
                List<String> found;
                try {
                    found = cycle(node, cycle, seed, kept, totals, lines);
                } catch (AssertionError | RuntimeException e) {
                    // a call the checks could not judge: what the server logged, what its threads are
                    // doing, which side has bytes unread, and whether it answers a new client (a call
                    // that hung) say why; the build's output is often all there is of a failed run
                    throw new AssertionError("cycle " + cycle + ", seed " + seed + ": " + e.getMessage()
                            + serverErrors(node.thisStartsLog()) + node.busyThreads() + "\n  sockets: "
                            + Sockets.of(java.net.URI.create(node.api().root()).getPort()) + "\n  client: "
                            + node.api().answersWithin(Duration.ofSeconds(20)), e);
                }
                for (String problem : found) {
                    problems.add("cycle " + cycle + ": " + problem);
                }
            }
        }
        long seconds = Math.round((System.nanoTime() - began) / 1e9);
        String state = inPostgres() ? "PostgreSQL" : "the embedded database";
        lines.add(0, String.format("%d cycles of kill -9 on %s (state in %s) in %d s, seed %d (%s form)", cycles,
                server, state, seconds, seed, Proof.full() ? "full" : "short"));
        lines.add(String.format("uploads: %d acknowledged, %d cut by the kill mid-body (%d of them empty after the"
                + " restart, %d complete), %d never reached the server; %.1f MB acknowledged",
                totals.acknowledged, totals.cut, totals.empty, totals.complete, totals.neverStarted,
                totals.bytes / 1048576.0));
        lines.add(String.format("renames acknowledged: %d; folders created: %d; ids checked after the restarts: %d",
                totals.renames, totals.creates, totals.ids));
        lines.add(String.format("checks: %d, passed: %d; files on disk checked: %d; result: %s", totals.checks,
                totals.checks - problems.size(), totals.files, problems.isEmpty() ? "PASS" : "FAIL"));
        Proof.report("crash", server, lines);
        assertTrue(problems.isEmpty(), problems.size() + " shortfall(s), seed " + seed + ":\n"
                + String.join("\n", problems));
    }

    /** The errors (SEVERE on Payara, ERROR on WildFly) a server's log holds, each with the lines after it, for a failure's message. */
    static String serverErrors(String log) {
        StringBuilder said = new StringBuilder();
        String[] lines = log.replaceAll("\u001B\\[[0-9;]*m", "").split("\\R");
        int shown = 0;
        for (int i = 0; i < lines.length && shown < 5; i++) {
            // the start's notes on the test actions no handler serves are expected
            boolean error = lines[i].contains("SEVERE") || lines[i].contains(" ERROR ");
            if (!error || lines[i].contains("(docbridge.actions)")) {
                continue;
            }
            shown++;
            StringBuilder entry = new StringBuilder(lines[i].replaceFirst("^.*\\[levelValue: \\d+\\] ?", ""));
            for (int j = i + 1, more = 0; j < lines.length && more < 4 && !lines[j].matches("^[\\[0-9].*"); j++) {
                if (!lines[j].isBlank()) {
                    entry.append(" | ").append(lines[j].strip());
                    more++;
                }
            }
            said.append("\n  server: ").append(entry.length() > 700 ? entry.substring(0, 700) + "..." : entry);
        }
        return shown == 0 ? "\n  (the server logged no error since its start)" : said.toString();
    }

    private static List<String> cycle(ServerProcess node, int cycle, long seed, Map<String, String> kept,
            Totals totals, List<String> lines) throws Exception {
        Api api = node.api();
        String name = "cycle-" + cycle;
        String folder = api.call("POST", "createFolder", "parentId", "/", "name", name).ok().object().getString("id");
        List<CrashLoad.Renamed> targets = new ArrayList<>();
        for (int i = 0; i < RENAMED_FOLDERS; i++) {
            String id = api.call("POST", "createFolder", "parentId", folder, "name", "target-" + i).ok().object()
                    .getString("id");
            targets.add(new CrashLoad.Renamed(id, "target-" + i));
        }
        long cycleSeed = seed * 100 + cycle;
        long killAfter = new SplittableRandom(cycleSeed).nextLong(KILL_WINDOW_MS);
        System.out.println("CrashIT: cycle " + cycle + ": kill -9 " + killAfter + " ms after the first upload is"
                + " acknowledged");
        CrashLoad load = new CrashLoad(api, folder, cycleSeed, targets);
        long killedAt = load.runAndKill(node, Duration.ofMillis(killAfter));

        long restarting = System.nanoTime();
        node.start();
        node.awaitReady(START);
        double restart = (System.nanoTime() - restarting) / 1e9;

        CrashChecks checks = new CrashChecks(api, load, name);
        checks.problems.addAll(load.failures);
        String stateRead = "";
        if (!inPostgres()) {
            // the kill left H2's file unclosed: the restart must read it whole before H2 opens it (UncleanStop)
            Matcher read = Pattern.compile("The embedded database \\S+ was read to its newest commit in (\\d+) ms")
                    .matcher(node.thisStartsLog());
            checks.checks++;
            if (read.find()) {
                stateRead = "; state file read in " + read.group(1) + " ms";
            } else {
                checks.problems.add("the restart opened the embedded database without reading the unclosed file"
                        + " for its newest commits");
            }
        }
        kept.put(folder, name);
        kept.forEach((id, was) -> checks.sameItem(id, List.of(was), "the folder " + was));
        for (CrashLoad.Renamed target : targets) {
            List<String> names = target.inFlight == null ? List.of(target.name) : List.of(target.name, target.inFlight);
            String now = checks.sameItem(target.id, names, "the renamed folder");
            if (now != null) {
                kept.put(target.id, now);
            }
        }
        Map<String, String> created = new TreeMap<>(load.created);
        created.forEach((id, was) -> checks.sameItem(id, List.of(was), "the created folder " + was));
        checks.uploadsById();
        checks.listing(folder);
        checks.disk(DOCUMENTS, SWEEP_MS);
        // the next cycles check a few of this one's folders again; its files go, to spare the disk (with the
        // placeholders of uploadInits whose answer the kill cut off)
        created.entrySet().stream().limit(5).forEach(e -> kept.put(e.getKey(), e.getValue()));
        for (jakarta.json.JsonValue item : api.get("files", "parentId", folder).array()) {
            if (item.asJsonObject().getString("kind").equals("file")) {
                api.call("PUT", "delete", "id", item.asJsonObject().getString("id")).ok();
            }
        }

        totals.add(load, checks);
        checks.problems.forEach(p -> System.out.println("CrashIT: cycle " + cycle + ": " + p));
        lines.add(String.format("cycle %d: killed %d ms after the first acknowledgement (%.1f s into the writes); uploads %d acknowledged, %d cut, %d never started;"
                + " %d renames, %d creates; restart %.1f s%s; %s", cycle, killAfter, killedAt / 1000.0, load.acknowledged(), load.cut(),
                load.neverStarted(), load.renames, load.created.size(), restart, stateRead,
                checks.problems.isEmpty() ? "all checks passed" : checks.problems.size() + " problem(s)"));
        System.out.println("CrashIT: " + lines.get(lines.size() - 1));
        return checks.problems;
    }

    private static ServerProcess launch(String server) {
        Map<String, String> settings = new TreeMap<>();
        settings.put("DOCBRIDGE_STORE_ROOT", DOCUMENTS.toString());
        if (inPostgres()) {
            // the state in PostgreSQL: a database of this test's own in the run's cluster, kept across the restarts
            Postgres postgres = Postgres.ofTheRun();
            postgres.createDatabase("crash");
            settings.putAll(postgres.settings("crash"));
        }
        if (server.equals("wildfly")) {
            return new WildFlyNode("crash", WORK, settings);
        }
        return new Node("crash", WORK, settings);
    }

    /**
     * Whether the state is in PostgreSQL: on Payara Micro whenever the run has a cluster (-Ppostgres).
     * On WildFly the embedded database, where H2's losses at a kill were found (UncleanStop), unless
     * {@code -Dcrash.state=postgres}; {@code -Dcrash.state=embedded} keeps it embedded everywhere.
     */
    private static boolean inPostgres() {
        String state = System.getProperty("crash.state", "");
        if (System.getProperty("it.pg.dir") == null || state.equals("embedded")) {
            return false;
        }
        return state.equals("postgres") || Proof.server().equals("payara-micro");
    }

    /** The figures of all cycles. */
    private static final class Totals {
        long acknowledged;
        long cut;
        long neverStarted;
        long empty;
        long complete;
        long bytes;
        long renames;
        long creates;
        long ids;
        long checks;
        long files;

        void add(CrashLoad load, CrashChecks checks) {
            acknowledged += load.acknowledged();
            cut += load.cut();
            neverStarted += load.neverStarted();
            empty += checks.emptyPlaceholders;
            complete += checks.completeButUnacknowledged;
            bytes += load.acknowledgedBytes();
            renames += load.renames;
            creates += load.created.size();
            ids += checks.ids;
            this.checks += checks.checks;
            files += checks.filesOnDisk;
        }
    }
}
