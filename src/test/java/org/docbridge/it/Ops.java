package org.docbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What the operations tests share: reading MicroProfile Health answers, and commands run as root. */
final class Ops {

    private Ops() {
    }

    /** {@code /health/<which>} of {@code server}, which must answer {@code status}; its JSON. */
    static JsonObject health(Api server, String which, int status) {
        Api.Reply reply = server.raw("GET", "health/" + which, Map.of(), false);
        assertEquals(status, reply.status, "/health/" + which + ": " + reply.body());
        return Json.createReader(new StringReader(reply.body())).readObject();
    }

    /** The check named {@code name} in a health answer. */
    static JsonObject check(JsonObject health, String name) {
        JsonArray checks = health.getJsonArray("checks");
        return checks.stream().map(JsonObject.class::cast).filter(c -> c.getString("name").equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + health));
    }

    /** Waits up to {@code seconds} for {@code /health/ready} to answer 200 again. */
    static void awaitReady(Api server, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Api.Reply reply = server.raw("GET", "health/ready", Map.of(), false);
        while (reply.status != 200 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            reply = server.raw("GET", "health/ready", Map.of(), false);
        }
        assertEquals(200, reply.status, "not ready again once the fault went: " + reply.body());
    }

    /** Runs a command (mount, chattr, the cluster script...), failing the test with its output if it fails. */
    static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed (the tests need root): " + output);
        }
    }
}
