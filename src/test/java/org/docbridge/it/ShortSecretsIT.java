package org.docbridge.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A configured API key or link secret shorter than 32 characters stops docbridge at start, with a
 * message in the server log that names the setting and never shows the secret. Each test starts
 * a Payara Micro of its own (as an admin would, from the command line) and reads its log.
 */
class ShortSecretsIT {

    static final Path DATA = Path.of(Store.WORK + "-short-secrets");

    @Test
    void aShortApiKeyStopsTheStart() throws Exception {
        String shortKey = "rotated-in-by-mistake"; // 21 characters
        String log = start("-Ddocbridge.auth.api-keys=" + Api.KEY + "," + shortKey);
        assertTrue(log.contains("docbridge.auth.api-keys: key 2 of 2 has 21 characters; a configured secret needs at"
                + " least 32"), log);
        assertFalse(log.contains(shortKey), "the key itself is never printed");
    }

    @Test
    void aShortLinkSecretStopsTheStart() throws Exception {
        String shortSecret = "link-secret-of-old"; // 18 characters
        String log = start("-Ddocbridge.auth.api-keys=" + Api.KEY, "-Ddocbridge.links.secret=" + shortSecret);
        assertTrue(log.contains("docbridge.links.secret: the secret has 18 characters; a configured secret needs at"
                + " least 32"), log);
        assertFalse(log.contains(shortSecret), "the secret itself is never printed");
    }

    /** Starts Payara Micro with docbridge and {@code settings}; its log once it is up, docbridge not deployed. */
    private static String start(String... settings) throws Exception {
        Store.delete(DATA);
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                System.getProperty("it.heap", "-Xmx256m"), "-Ddocbridge.data-dir=" + DATA));
        command.addAll(List.of(settings));
        command.addAll(List.of("-jar", System.getProperty("payara.microJar"), "--nocluster", "--port", String.valueOf(port),
                "--deploy", System.getProperty("docbridge.war", "target/docbridge.war")));
        Process server = new ProcessBuilder(command).redirectErrorStream(true).start();
        // a server that hangs silently is stopped, which ends the reading below
        CompletableFuture.delayedExecutor(180, TimeUnit.SECONDS).execute(server::destroyForcibly);
        StringBuilder log = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                System.out.println(line); // lands in target/failsafe-reports/*-output.txt
                log.append(line).append('\n');
                if (line.contains("Payara Micro") && line.contains(" ready in ")) {
                    break;
                }
            }
            assertTrue(log.toString().contains(" ready in "), "Payara Micro did not come up; its log:\n" + log);
            HttpResponse<String> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/docbridge/api/serviceInfo")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertNotEquals(200, reply.statusCode(), "docbridge must not be serving");
            return log.toString();
        } catch (IOException e) {
            throw new IllegalStateException("reading the server's output failed; so far:\n" + log, e);
        } finally {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }
}
