package org.docbridge.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * docbridge on a Payara Micro process of the test's own, set up by environment variables as an admin
 * would: its own data folder ({@code <work>/<name>-data}) and port, kept across restarts; the output
 * goes to {@code <work>/<name>.log}.
 */
final class Node implements ServerProcess {

    /** docbridge's data folder of this node (its state folder holds the generated keys). */
    Path data() {
        return data;
    }

    static final String LINK_SECRET = "it-link-secret-shared-by-every-node-of-the-cluster";

    final String name;
    final int port;
    private final Path data;
    final Path log;
    private final Path runtime;
    private final Api api;
    private final Map<String, String> environment = new HashMap<>();
    /** Started as server-config/payara/run starts docbridge: at context root /, with its pre- and post-boot commands. */
    private final boolean likeRunScript;
    private Process process;
    /** Where this start's output begins in the log, which keeps earlier starts. */
    private long logStart;

    /** A node of {@code name} with these settings (environment spelling) besides its data folder and key. */
    Node(String name, Path work, Map<String, String> settings) {
        this(name, work, settings, false);
    }

    /**
     * With {@code likeRunScript}, started as {@code server-config/payara/run} starts it: at context
     * root {@code /} and with the pre- and post-boot commands of {@code server-config/payara}.
     */
    Node(String name, Path work, Map<String, String> settings, boolean likeRunScript) {
        this.name = name;
        this.likeRunScript = likeRunScript;
        this.port = freePort();
        this.data = work.resolve(name + "-data");
        this.log = work.resolve(name + ".log");
        this.runtime = work.resolve(name + "-payara");
        try {
            this.api = likeRunScript ? Api.at("http://127.0.0.1:" + port + "/")
                    : new Api(new URL("http://127.0.0.1:" + port + "/docbridge/"));
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
        environment.put("DOCBRIDGE_DATA_DIR", data.toString());
        environment.put("DOCBRIDGE_AUTH_API_KEYS", Api.KEY);
        environment.put("DOCBRIDGE_LINKS_SECRET", LINK_SECRET);
        environment.putAll(settings);
    }

    /** Launches the server and returns at once: several nodes start at the same time. */
    public void start() {
        try {
            Files.createDirectories(data);
            Store.delete(runtime); // Payara's runtime, not docbridge's state: a clean one each start
            List<String> command = new java.util.ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    System.getProperty("it.heap", "-Xmx256m"), "-jar", System.getProperty("payara.microJar"),
                    "--nocluster", "--port", String.valueOf(port), "--rootdir", runtime.toString()));
            if (likeRunScript) {
                Path project = Path.of(System.getProperty("basedir", "."));
                command.addAll(List.of("--contextroot", "/",
                        "--prebootcommandfile", project.resolve("server-config/payara/pre-boot.asadmin").toString(),
                        "--postbootcommandfile", project.resolve("server-config/payara/post-boot.asadmin").toString()));
            }
            command.addAll(List.of("--deploy", System.getProperty("docbridge.war", "target/docbridge.war")));
            Files.writeString(log, "---- " + name + " started: " + command + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            logStart = Files.size(log);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            process = builder.start();
            // a test JVM that dies leaves no server behind on the shared machine
            Process started = process;
            Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
            System.out.println("node " + name + ": starting on port " + port + ", log " + log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until docbridge answers /serviceInfo; fails with the end of the log if it does not, and
     * 30 s after Payara Micro said it was ready without docbridge serving.
     */
    public void awaitReady(Duration timeout) throws InterruptedException {
        long[] payaraReady = {0};
        ServerProcess.awaitServing("node " + name, process, api, log, this::logTail, timeout, () -> {
            if (payaraReady[0] == 0 && thisStartsLog().contains(" ready in ")) {
                payaraReady[0] = System.nanoTime();
            }
            return payaraReady[0] != 0 && System.nanoTime() - payaraReady[0] > TimeUnit.SECONDS.toNanos(30);
        });
    }

    @Override
    public Api health() {
        return server();
    }

    /** A client of the server's root (Payara's /health, /openapi), whatever docbridge's context root. */
    Api server() {
        return Api.at("http://127.0.0.1:" + port + "/");
    }

    /** A Workfront-like client of this node; the same port across restarts. */
    public Api api() {
        return api;
    }

    long pid() {
        return process.pid();
    }

    /** kill -9: no shutdown hook, no flush, nothing the server can do about it. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
        System.out.println("node " + name + ": killed (SIGKILL)");
    }

    /** SIGTERM, as an orderly stop of the server begins; returns at once. */
    void terminate() {
        process.destroy();
    }

    /** Waits for the process to end; false if it still runs after {@code timeout}. */
    boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public ProcessHandle handle() {
        Process started = process;
        return started == null ? null : started.toHandle();
    }

    @Override
    public String thisStartsLog() {
        return ServerProcess.since(log, logStart);
    }

    /** The last 60 lines of the log. */
    public String logTail() {
        return ServerProcess.tail(log);
    }

    /** Stops the server as an admin would (SIGTERM), forcibly after 30 s. */
    @Override
    public void close() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private static int freePort() {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
