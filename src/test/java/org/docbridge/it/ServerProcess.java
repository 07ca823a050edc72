package org.docbridge.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A docbridge server in a process of the test's own, on a data folder and a port that stay the same
 * across restarts: {@link Node} on Payara Micro, {@link WildFlyNode} on WildFly.
 */
interface ServerProcess extends AutoCloseable {

    /** Launches the server and returns at once. */
    void start();

    /** Waits until docbridge answers /serviceInfo; fails with the end of the log if it does not. */
    void awaitReady(Duration timeout) throws InterruptedException;

    /** A Workfront-like client of this server; the same port across restarts. */
    Api api();

    /** Where the server answers MicroProfile Health ({@code health/ready}...): its HTTP root, or WildFly's management port. */
    Api health();

    /** kill -9 of the server (and of every process it started): nothing it can do about it. */
    void kill() throws InterruptedException;

    /** The last lines of the server's log. */
    String logTail();

    /** What the server wrote to its log since its last {@link #start}. */
    String thisStartsLog();

    /** The server's process as started (a script's, whose java process is a descendant), or null. */
    ProcessHandle handle();

    /**
     * The server's threads that matter for a call that hung, at this moment (from {@code jcmd
     * Thread.print} on each java process of the server): those in docbridge's or H2's code, the HTTP
     * workers that are not waiting for work (a request stuck in the server's own code), and the JVM's
     * report of a deadlock. None of them: the request never reached a worker.
     */
    default String busyThreads() {
        ProcessHandle root = handle();
        if (root == null || !root.isAlive()) {
            return "(the server is not running)";
        }
        StringBuilder out = new StringBuilder();
        java.util.stream.Stream.concat(java.util.stream.Stream.of(root), root.descendants())
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .forEach(p -> {
                    try {
                        Process jcmd = new ProcessBuilder("jcmd", String.valueOf(p.pid()), "Thread.print")
                                .redirectErrorStream(true).start();
                        String dump = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                        jcmd.waitFor();
                        out.append(busyIn(dump));
                    } catch (IOException e) {
                        out.append("\n  (no thread dump: ").append(e.getMessage()).append(')');
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
        return out.length() == 0 ? "\n  (no thread of the server runs docbridge's code or a request)" : out.toString();
    }

    /** The threads of a {@code jcmd Thread.print} dump that {@link #busyThreads} reports, one line each. */
    static String busyIn(String dump) {
        StringBuilder out = new StringBuilder();
        int deadlock = dump.indexOf("Found one Java-level deadlock");
        if (deadlock >= 0) {
            out.append("\n  JVM: ").append(dump.substring(deadlock, Math.min(dump.length(), deadlock + 1500))
                    .replaceAll("\\s+", " "));
        }
        // the threads come before the report, whose own stacks would show them twice
        String threads = deadlock >= 0 ? dump.substring(0, deadlock) : dump;
        for (String thread : threads.split("\\R\\R")) {
            String[] lines = thread.strip().split("\\R");
            if (thread.contains("at org.docbridge.") || thread.contains("at org.h2.") || isWorkingHttpWorker(thread)) {
                out.append("\n  thread: ").append(String.join(" | ", java.util.Arrays.copyOf(lines,
                        Math.min(lines.length, 14))).replaceAll("\\s+", " "));
            }
        }
        return out.toString();
    }

    /**
     * A thread of the server's HTTP layer that is working on a connection (reading, mapping or serving
     * a request), not waiting for one: Grizzly's filter chain on Payara, Undertow's request handling
     * on WildFly. Idle workers and selectors have neither in their stacks.
     */
    private static boolean isWorkingHttpWorker(String thread) {
        return thread.contains("at org.glassfish.grizzly.filterchain.DefaultFilterChain.")
                || thread.contains("at io.undertow.server.Connectors.executeRootHandler")
                || thread.contains("at io.undertow.server.protocol.http.HttpReadListener.");
    }

    /** Stops the server as an admin would. */
    @Override
    void close() throws InterruptedException;

    /**
     * Polls {@code /api/serviceInfo} until it answers 200. Fails, with what it last answered and the end
     * of the log, when the process ends, when {@code givenUp} says the server came up without docbridge,
     * or at the timeout.
     */
    static void awaitServing(String label, Process process, Api api, Path log, Supplier<String> logTail,
            Duration timeout, BooleanSupplier givenUp) throws InterruptedException {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError(label + " ended (exit " + process.exitValue() + ") before docbridge served;"
                        + " its log ends:\n" + logTail.get());
            }
            try {
                Api.Reply reply = api.get("serviceInfo");
                if (reply.status == 200) {
                    System.out.printf("%s: serving after %.1f s%n", label, (System.nanoTime() - started) / 1e9);
                    return;
                }
                last = reply.status + " " + reply.body();
            } catch (IllegalStateException notListening) {
                last = notListening.getMessage(); // not up yet
            }
            if (givenUp.getAsBoolean()) {
                throw new AssertionError(label + ": the server is up but docbridge does not serve (its deployment"
                        + " failed?); /api/serviceInfo answered " + last + "; the log is " + log + " and ends:\n"
                        + logTail.get());
            }
            Thread.sleep(300);
        }
        throw new AssertionError(label + " did not serve /api/serviceInfo within " + timeout.toSeconds() + " s (it last"
                + " answered " + last + "); the log is " + log + " and ends:\n" + logTail.get());
    }

    /** What {@code log} holds from byte {@code start} on, or nothing when it cannot be read. */
    static String since(Path log, long start) {
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(log.toFile(), "r")) {
            byte[] output = new byte[(int) Math.max(0, file.length() - start)];
            file.seek(start);
            file.readFully(output);
            return new String(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** The last 60 lines of {@code log}, or why there are none. */
    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
