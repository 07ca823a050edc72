package org.docbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The generated API key and link secret live in the state database: a server upgraded from the release
 * that kept them in {@code state/api-key} and {@code state/link-secret} goes on with the same ones, and
 * they survive a restart with those files gone. Starts a Payara Micro of its own, twice, with nothing
 * configured (as {@code server-config/payara/run} does).
 */
class KeptSecretsIT {

    static final Path DATA = Path.of(Store.WORK + "-kept-secrets");
    static final String EARLIER_KEY = "the-key-an-earlier-release-generated-0123456789";
    static final String EARLIER_LINK_SECRET = "the-link-secret-an-earlier-release-generated-0123";

    @Test
    void anEarlierReleasesKeyAndLinkSecretAreKeptAndSurviveARestartWithoutTheirFiles() throws Exception {
        Store.delete(DATA);
        Path state = Files.createDirectories(DATA.resolve("state"));
        Files.writeString(state.resolve("api-key"), EARLIER_KEY + "\n");
        Files.writeString(state.resolve("link-secret"), EARLIER_LINK_SECRET + "\n");
        Store.write(DATA.resolve("documents"), "kept.txt", "kept");
        Map<String, String> earlierKey = Map.of("apiKey", EARLIER_KEY, "username", Api.USER);

        String link;
        try (Server server = Server.start(DATA)) {
            JsonObject kept = server.api.raw("GET", "api/files?parentId=%2F", earlierKey, false).array()
                    .getJsonObject(0);
            assertEquals("kept.txt", kept.getString("title"));
            link = kept.getString("downloadLink");
            assertEquals("kept", server.api.browser(link, Map.of()).body());
        }

        Files.delete(state.resolve("api-key"));
        Files.delete(state.resolve("link-secret"));
        try (Server server = Server.start(DATA)) {
            assertEquals(200, server.api.raw("GET", "api/files?parentId=%2F", earlierKey, false).status);
            server.api.raw("GET", "api/files", Map.of("apiKey", Api.KEY, "username", Api.USER), false).error(403);
            // a link handed out before the restart still opens: the same secret signs and checks
            String sameLink = "http://127.0.0.1:" + server.port + link.substring(link.indexOf("/docbridge/"));
            assertEquals("kept", server.api.browser(sameLink, Map.of()).body());
        }
        assertEquals(EARLIER_KEY, Files.readString(state.resolve("api-key")).trim(), "the administrator's copy is back");
        assertTrue(Files.exists(state.resolve("link-secret")));
    }

    /** A Payara Micro with docbridge on a data folder, and nothing else configured. */
    static final class Server implements AutoCloseable {
        final Process process;
        final int port;
        final Api api;

        private Server(Process process, int port) throws Exception {
            this.process = process;
            this.port = port;
            this.api = new Api(new URL("http://127.0.0.1:" + port + "/docbridge/"));
        }

        static Server start(Path data) throws Exception {
            return start(data, List.of());
        }

        /** The same, with more settings as system properties (they win over the environment's). */
        static Server start(Path data, List<String> settings) throws Exception {
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), System.getProperty("it.heap", "-Xmx256m"), "-Ddocbridge.data-dir=" + data));
            command.addAll(settings);
            command.addAll(List.of("-jar", System.getProperty("payara.microJar"), "--nocluster", "--port", String.valueOf(port),
                    "--deploy", System.getProperty("docbridge.war", "target/docbridge.war")));
            Server server = new Server(new ProcessBuilder(command).redirectErrorStream(true).start(), port);
            try {
                server.awaitReady();
                return server;
            } catch (Exception | Error e) {
                server.close();
                throw e;
            }
        }

        private void awaitReady() throws IOException {
            StringBuilder log = new StringBuilder();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            for (String line; (line = out.readLine()) != null; ) {
                System.out.println(line); // lands in target/failsafe-reports/*-output.txt
                log.append(line).append('\n');
                if (line.contains("Payara Micro") && line.contains(" ready in ")) {
                    drain(out);
                    return;
                }
                if (System.nanoTime() > deadline) {
                    break;
                }
            }
            throw new AssertionError("Payara Micro did not come up; its log:\n" + log);
        }

        /** Keeps reading the server's output, so that it never blocks on a full pipe. */
        private static void drain(BufferedReader out) {
            Thread reader = new Thread(() -> {
                try {
                    for (String line; (line = out.readLine()) != null; ) {
                        System.out.println(line);
                    }
                } catch (IOException e) {
                    // the server stopped
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
