package org.docbridge.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway PostgreSQL cluster, driven through {@code src/test/postgres/cluster}: the one Maven
 * starts for {@code -Ppostgres} (system properties {@code it.pg.dir}, {@code it.pg.port}), or one of a
 * test's own, which it may stop and start.
 */
final class Postgres {

    /** The role and password the script gives docbridge. */
    static final String USER = "docbridge";
    static final String PASSWORD = "docbridge-it-password";

    private final Path dir;
    private final int port;

    private Postgres(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** The cluster of this run, started before the integration tests and removed after them. */
    static Postgres ofTheRun() {
        return new Postgres(Path.of(property("it.pg.dir")), Integer.parseInt(property("it.pg.port")));
    }

    /**
     * A cluster of the caller's own beside the run's, {@code portOffset} ports above it; not started
     * yet. For a test that stops PostgreSQL: the run's cluster stays up for everybody else.
     */
    static Postgres own(String name, int portOffset) {
        Postgres run = ofTheRun();
        return new Postgres(Path.of(run.dir + "-" + name), run.port + portOffset);
    }

    String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** docbridge's settings for {@code database}, in their environment-variable spelling. */
    Map<String, String> settings(String database) {
        return Map.of("DOCBRIDGE_DB_URL", url(database), "DOCBRIDGE_DB_USER", USER,
                "DOCBRIDGE_DB_PASSWORD", PASSWORD);
    }

    /** A fresh cluster in its folder, with the role and the database {@code docbridge}. */
    void start() {
        script("start", dir.toString(), String.valueOf(port));
    }

    /** A fresh, empty database owned by the role (an old one of that name is dropped). */
    void createDatabase(String name) {
        script("createdb", dir.toString(), name);
    }

    /** Stops the server and keeps its data: an outage. */
    void halt() {
        script("halt", dir.toString());
    }

    /** Starts the halted server again with the same data. */
    void resume() {
        script("resume", dir.toString());
    }

    /** Stops the server and removes its folder. */
    void stop() {
        script("stop", dir.toString());
    }

    private static void script(String... arguments) {
        List<String> command = new ArrayList<>(List.of("bash", property("it.pg.script")));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not end within 60 s:\n" + output);
            }
            System.out.print(output); // lands in target/failsafe-reports/*-output.txt
            if (process.exitValue() != 0) {
                throw new IllegalStateException(command + " failed (exit " + process.exitValue() + "):\n" + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set: run with mvn verify -Ppostgres");
        }
        return value;
    }
}
