package org.docbridge.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * docbridge on a WildFly of the test's own: the server the -Pwildfly build unpacked and configured
 * ({@code jboss.home}), run with its own copy of the {@code standalone} folder
 * ({@code <work>/<name>-wildfly}), a port offset that keeps it clear of the Arquillian-managed WildFly
 * on 8080/9990, docbridge's WAR in the copy's deployments folder and its settings as environment
 * variables. The state is in the embedded database of its own data folder ({@code <work>/<name>-data}),
 * or where the settings' DOCBRIDGE_DB_URL says: DOCBRIDGE_DB_JNDI, which points the suite's server at its
 * PostgreSQL database, is left out. Data folder, copy and port are kept across restarts.
 */
final class WildFlyNode implements ServerProcess {

    final String name;
    final int port;
    private final int offset;
    private final Path home;
    private final Path base;
    private final Path data;
    private final Path log;
    private final Api api;
    private final Map<String, String> environment = new HashMap<>();
    private Process process;
    /** Where this start's output begins in the log, which keeps earlier starts. */
    private long logStart;

    WildFlyNode(String name, Path work, Map<String, String> settings) {
        this.name = name;
        this.home = Path.of(System.getProperty("jboss.home"));
        this.base = work.resolve(name + "-wildfly");
        this.data = work.resolve(name + "-data");
        this.log = work.resolve(name + ".log");
        this.offset = freeOffset();
        this.port = 8080 + offset;
        this.api = Api.at("http://127.0.0.1:" + port + "/docbridge/");
        environment.put("DOCBRIDGE_DATA_DIR", data.toString());
        environment.put("DOCBRIDGE_AUTH_API_KEYS", Api.KEY);
        environment.put("DOCBRIDGE_LINKS_SECRET", Node.LINK_SECRET);
        environment.putAll(settings);
    }

    @Override
    public Api health() {
        return Api.at("http://127.0.0.1:" + (9990 + offset) + "/");
    }

    @Override
    public void start() {
        try {
            Files.createDirectories(data);
            if (!Files.exists(base)) {
                copyStandalone();
            }
            Path war = Path.of(System.getProperty("docbridge.war", "target/docbridge.war"));
            Files.copy(war, base.resolve("deployments/docbridge.war"), StandardCopyOption.REPLACE_EXISTING);
            List<String> command = List.of("bash", home.resolve("bin/standalone.sh").toString(),
                    "-Djboss.server.base.dir=" + base, "-Djboss.socket.binding.port-offset=" + offset,
                    "-Djboss.bind.address=127.0.0.1", "-Djboss.bind.address.management=127.0.0.1");
            Files.writeString(log, "---- " + name + " started: " + command + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            logStart = Files.size(log);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().remove("DOCBRIDGE_DB_JNDI");
            builder.environment().putAll(environment);
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            builder.environment().put("JBOSS_HOME", home.toString());
            builder.environment().put("NOPAUSE", "true");
            process = builder.start();
            Process started = process;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> killTree(started)));
            System.out.println("wildfly " + name + ": starting on port " + port + " (offset " + offset + "), log " + log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The configured standalone folder, without the logs, temporary files and runtime data of earlier runs. */
    private void copyStandalone() throws IOException {
        Path from = home.resolve("standalone");
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : (Iterable<Path>) walk::iterator) {
                Path relative = from.relativize(source);
                String top = relative.getNameCount() == 0 ? "" : relative.getName(0).toString();
                if (List.of("log", "tmp", "data").contains(top)) {
                    continue;
                }
                Path target = base.resolve(relative.toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        try (Stream<Path> deployed = Files.list(base.resolve("deployments"))) {
            for (Path old : (Iterable<Path>) deployed::iterator) {
                if (!old.getFileName().toString().startsWith("README")) {
                    Files.delete(old);
                }
            }
        }
    }

    @Override
    public void awaitReady(Duration timeout) throws InterruptedException {
        ServerProcess.awaitServing("wildfly " + name, process, api, log, this::logTail, timeout, () -> false);
    }

    @Override
    public Api api() {
        return api;
    }

    /** kill -9 of the java process that standalone.sh started, and of the script. */
    @Override
    public void kill() throws InterruptedException {
        killTree(process);
        process.waitFor();
        System.out.println("wildfly " + name + ": killed (SIGKILL)");
    }

    private static void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.descendants().forEach(child -> child.onExit().join());
    }

    @Override
    public String logTail() {
        return ServerProcess.tail(log);
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

    /** SIGTERM to the script and its java (WildFly stops in order), forcibly after 30 s. */
    @Override
    public void close() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        List<ProcessHandle> java = process.descendants().toList();
        java.forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            killTree(process);
        }
        java.forEach(ProcessHandle::destroyForcibly);
    }

    /** An offset whose HTTP, management and HTTPS ports are all free (never 0: the suite's WildFly has that). */
    private static int freeOffset() {
        for (int offset = 300; offset < 3000; offset += 7) {
            if (free(8080 + offset) && free(9990 + offset) && free(8443 + offset) && free(9993 + offset)) {
                return offset;
            }
        }
        throw new IllegalStateException("no free port offset for a WildFly of the test's own");
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
