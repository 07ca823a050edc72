package org.docbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * server-config/payara/uber-jar as an administrator runs it: one jar with Payara Micro and docbridge,
 * started with nothing but {@code java -jar}, serving at / with the run script's options (Payara's
 * own metrics off) and a data folder from the environment.
 */
class UberJarIT {

    static final Path WORK = Path.of(Store.WORK + "-uber-jar");

    @Test
    void theUberJarRunsDocbridgeAtTheRootWithTheRunScriptsOptions() throws Exception {
        Store.delete(WORK);
        Files.createDirectories(WORK);
        Path jar = WORK.resolve("docbridge.jar");
        Path project = Path.of(System.getProperty("basedir", "."));
        Process build = new ProcessBuilder("bash", project.resolve("server-config/payara/uber-jar").toString(),
                jar.toString()).redirectErrorStream(true).redirectOutput(WORK.resolve("build.log").toFile()).start();
        assertTrue(build.waitFor(5, TimeUnit.MINUTES) && build.exitValue() == 0,
                "uber-jar failed: " + Files.readString(WORK.resolve("build.log")));
        assertTrue(Files.size(jar) > 50L << 20, "the jar holds Payara Micro: " + Files.size(jar) + " bytes");

        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path log = WORK.resolve("server.log");
        ProcessBuilder run = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                System.getProperty("it.heap", "-Xmx256m"), "-jar", jar.toString(), "--port", String.valueOf(port),
                "--rootdir", WORK.resolve("payara").toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        run.environment().put("DOCBRIDGE_DATA_DIR", WORK.resolve("data").toString());
        Process server = run.start();
        try {
            Api root = Api.at("http://127.0.0.1:" + port + "/");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            int ready = 0;
            while (System.nanoTime() < deadline && server.isAlive()) {
                try {
                    ready = root.raw("GET", "health/ready", Map.of(), false).status;
                } catch (IllegalStateException notListening) {
                    ready = 0;
                }
                if (ready == 200) {
                    break;
                }
                Thread.sleep(500);
            }
            assertEquals(200, ready, "not ready; the log " + log + " ends:\n" + tail(log));
            Api.Reply info = root.getAnonymous("serviceInfo");
            assertEquals(200, info.status, "docbridge is not at /api: " + info.body());
            // DOCBRIDGE_PUBLISHER comes from the environment the tests run in (the pom's failsafe settings)
            assertEquals("docbridge-it", info.object().getString("publisher"));
            Api.Reply metrics = root.raw("GET", "metrics", Map.of(), false);
            assertEquals(200, metrics.status, "docbridge's /metrics from loopback");
            assertTrue(metrics.body().contains("docbridge_http_requests_seconds_count"));
            assertNotEquals(200, root.raw("GET", "payara-metrics", Map.of(), false).status,
                    "the post-boot commands did not reach the jar");
            assertTrue(Files.exists(WORK.resolve("data/state")), "the data folder is not the one given");
        } finally {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor();
            }
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
