package org.docbridge.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docbridge on Payara Server, set up the way an administrator does it: {@code mvn verify -Ppayara-server}
 * made a fresh domain, ran {@code server-config/payara-server/setup} on it twice with
 * {@code src/test/payara-server/settings} (its state in a JDBC pool of the server on a throwaway
 * PostgreSQL), and left it running. These tests speak the protocol to what the script deployed at /,
 * check where each setting landed, and that the second run changed nothing. No Arquillian: the
 * application is the script's.
 */
class PayaraServerIT {

    static Map<String, String> settings;
    static Api api;
    static String secondKey;

    @BeforeAll
    static void theDomainTheScriptSetUp() throws IOException {
        settings = settings(Path.of(property("it.payara-server.settings")));
        api = Api.at(property("it.payara-server.url"));
        String[] keys = settings.get("docbridge.auth.api-keys").split(",");
        assertEquals(Api.KEY, keys[0].trim(), "the test settings give the helper's key first");
        secondKey = keys[1].trim();
    }

    // --- the setup script ------------------------------------------------------------------------

    @Test
    void theFirstRunDeployedDocbridgeAndTheSecondChangedNothing() throws IOException {
        List<String> first = Files.readAllLines(runs().resolve("setup-1.log"));
        assertTrue(first.stream().anyMatch(l -> l.matches(" +deployed +docbridge at / .*")), String.join("\n", first));
        assertTrue(first.stream().anyMatch(l -> l.matches(" +created +JDBC pool docbridge .*")), String.join("\n", first));
        assertEquals("docbridge setup: nothing changed", last(second()), String.join("\n", second()));
        assertEquals(List.of(), changeLines(second()), "the second run changed these");
        // loaded once, and once more for each restart of the domain the first run made (a listener that
        // Payara made anew without starting it): the second run neither redeployed nor restarted it
        long restarts = first.stream().filter(l -> l.matches(" +restarted +the domain.*")).count();
        String log = Files.readString(Path.of(property("it.payara-server.domain"), "logs", "server.log"));
        assertEquals(1 + restarts, count(log, "Loading application [docbridge] at [/]"),
                "docbridge was loaded more often than the first run's deployment and domain restarts explain");
    }

    @Test
    void checkFindsNothingToDoThenNamesEveryChangeOfAnEditedFileAndMakesNone() throws Exception {
        Setup same = setup("--check", property("it.payara-server.settings"));
        assertEquals(0, same.exit, same.output);
        assertEquals("docbridge setup: nothing changed", last(same.lines()), same.output);

        Path edited = Files.createTempFile("docbridge-settings", "");
        try {
            List<String> lines = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of(property("it.payara-server.settings")))) {
                if (line.startsWith("docbridge.publisher=")) {
                    lines.add("docbridge.publisher=someone else");
                } else if (line.startsWith("docbridge.auth.api-keys=")) {
                    lines.add("docbridge.auth.api-keys=" + Api.KEY + ", another-key-for-the-check-of-the-setup");
                } else if (!line.startsWith("docbridge.access.rules=")) {
                    lines.add(line);
                }
            }
            lines.add("docbridge.links.ttl=PT2H");
            Files.write(edited, lines);
            Setup check = setup("--check", edited.toString());
            assertEquals(2, check.exit, check.output);
            assertEquals(List.of(
                    "to be updated password alias docbridge.auth.api-keys",
                    "to be created system property docbridge.links.ttl",
                    "to be updated system property docbridge.publisher",
                    "to be removed system property docbridge.access.rules (not in the settings file)",
                    "to be restarted docbridge (deployed again from the same WAR), so that it reads its changed settings"),
                    changeLines(check.lines()), check.output);
            assertEquals("docbridge setup: 5 change(s) to be made", last(check.lines()), check.output);
        } finally {
            Files.delete(edited);
        }
        assertEquals(settings.get("docbridge.publisher"), api.getAnonymous("serviceInfo").object().getString("publisher"),
                "--check changed the server");
        assertEquals(0, setup("--check", property("it.payara-server.settings")).exit);
    }

    // --- where the settings landed -----------------------------------------------------------------

    @Test
    void serviceInfoShowsThePublisherOfTheSystemPropertyAndTheConfiguredAction() {
        Api.Reply reply = api.getAnonymous("serviceInfo").ok();
        JsonObject info = reply.object();
        // the value has each character asadmin wants escaped: it arrived whole
        assertEquals("docbridge on \"Payara Server\": it's a = b \\ c", info.getString("publisher"));
        assertEquals(settings.get("docbridge.publisher"), info.getString("publisher"));
        JsonObject action = info.getJsonArray("customActions").getJsonObject(0);
        assertEquals("archive", action.getString("name"));
        assertEquals("Archive", action.getString("displayName"));
    }

    @Test
    void anApiKeyKeptInAPasswordAliasIsAcceptedAndAWrongOneRefused() {
        Api.Reply accepted = api.raw("GET", "api/files?parentId=%2F",
                Map.of("apiKey", secondKey, "username", Api.USER), false);
        assertEquals(200, accepted.status, accepted.body());
        Api.Reply refused = api.raw("GET", "api/files?parentId=%2F",
                Map.of("apiKey", secondKey + "x", "username", Api.USER), false);
        assertTrue(refused.error(403).contains("apiKey"), refused.body());
    }

    @Test
    void noSecretIsInTheDomainsConfigurationOrTheServersSystemProperties() throws Exception {
        String domainXml = Files.readString(Path.of(property("it.payara-server.domain"), "config", "domain.xml"));
        String jvm = asadmin("generate-jvm-report", "--type=summary");
        for (String secret : List.of(secondKey, settings.get("docbridge.links.secret"), settings.get("pool.password"))) {
            assertFalse(domainXml.contains(secret), "domain.xml holds a secret in clear");
            assertFalse(jvm.contains(secret), "the server's system properties hold a secret in clear");
        }
        String aliases = asadmin("list-password-aliases");
        for (String alias : List.of("docbridge.auth.api-keys", "docbridge.links.secret", "docbridge-pool.password")) {
            assertTrue(aliases.lines().anyMatch(alias::equals), alias + " is not a password alias: " + aliases);
        }
        assertTrue(domainXml.contains("value=\"${ALIAS=docbridge-pool.password}\""), "the pool does not read its alias");
    }

    @Test
    void payaraSaysNeitherItsNameNorItsVersion() {
        Api.Reply reply = api.getAnonymous("serviceInfo").ok();
        assertNull(reply.header("Server"), "Server: " + reply.header("Server"));
        assertNull(reply.header("X-Powered-By"), "X-Powered-By: " + reply.header("X-Powered-By"));
    }

    @Test
    void metricsAreDocbridgesOwnAndPayarasAreOff() {
        api.getAnonymous("serviceInfo").ok();
        // the tests call from loopback, which docbridge.metrics.allow lets in by default
        Api.Reply metrics = api.raw("GET", "metrics", Map.of(), false);
        assertEquals(200, metrics.status, metrics.body());
        assertTrue(metrics.body().contains("docbridge_http_requests_seconds_count{endpoint=\"/api/serviceInfo\""),
                "no docbridge metrics at /metrics");
        assertFalse(metrics.body().contains("\nbase_") || metrics.body().contains("\nvendor_"),
                "Payara's metrics are mixed in");
        for (String path : List.of("metrics/base", "payara-metrics")) {
            Api.Reply reply = api.raw("GET", path, Map.of(), false);
            assertFalse(reply.status == 200 && reply.body().contains("# TYPE"),
                    "/" + path + " serves Payara's metrics to anybody: " + reply.body());
        }
    }

    @Test
    void healthIsReadyWithDocbridgesChecks() {
        Api.Reply ready = api.raw("GET", "health/ready", Map.of(), false);
        assertEquals(200, ready.status, ready.body());
        for (String check : List.of("docbridge-lifecycle", "docbridge-store", "docbridge-disk", "docbridge-database")) {
            assertTrue(ready.body().contains("\"" + check + "\""), "no " + check + " in " + ready.body());
        }
        assertEquals(200, api.raw("GET", "health/live", Map.of(), false).status);
        assertEquals(200, api.raw("GET", "health/started", Map.of(), false).status);
    }

    // --- the protocol -------------------------------------------------------------------------------

    @Test
    void sendToThenListSearchReadAndDownloadARange() {
        String folder = api.call("POST", "createFolder", "parentId", "/", "name", "send-to").ok().object().getString("id");
        byte[] content = "0123456789 on Payara Server".getBytes(StandardCharsets.UTF_8);
        String id = api.sendTo(folder, "qzpayara-report.txt", content).getString("id");

        JsonObject metadata = api.get("metadata", "id", id).ok().object();
        assertEquals("qzpayara-report.txt", metadata.getString("title"));
        assertEquals(content.length, metadata.getInt("size"));
        assertEquals(List.of("qzpayara-report.txt"), api.titles(api.get("files", "parentId", folder).array()));
        assertEquals(List.of("qzpayara-report.txt"), api.titles(api.get("search", "query", "QZPAYARA").array()));
        assertArrayEquals(content, api.get("download", "id", id).ok().bytes);

        Api.Reply range = api.get("download", Map.of("Range", "bytes=2-5"), "id", id);
        assertEquals(206, range.status, range.body());
        assertEquals("bytes 2-5/" + content.length, range.header("Content-Range"));
        assertEquals("2345", range.body());
    }

    @Test
    void filesArePagedWithMaxAndOffset() {
        Path dir = Store.fresh("paging");
        for (String name : List.of("a.txt", "b.txt", "c.txt", "d.txt", "e.txt")) {
            Store.write(dir, name, name);
        }
        String folder = api.idOf("paging");
        List<String> all = api.titles(api.get("files", "parentId", folder).array());
        assertEquals(5, all.size(), all.toString());
        assertEquals(all.subList(0, 2), api.titles(api.get("files", "parentId", folder, "max", "2").array()));
        assertEquals(all.subList(2, 4), api.titles(api.get("files", "parentId", folder, "max", "2", "offset", "2").array()));
        assertEquals(all.subList(4, 5), api.titles(api.get("files", "parentId", folder, "max", "2", "offset", "4").array()));
    }

    @Test
    void aThumbnailOfAnUploadedImage() throws IOException {
        String folder = api.call("POST", "createFolder", "parentId", "/", "name", "thumbnails").ok().object().getString("id");
        String id = api.sendTo(folder, "landscape.png", png(800, 600)).getString("id");
        Api.Reply reply = api.get("thumbnail", "id", id);
        assertEquals(200, reply.status, reply.body());
        assertEquals("image/png", reply.header("Content-Type"));
        BufferedImage thumbnail = ImageIO.read(new ByteArrayInputStream(reply.bytes));
        assertEquals(200, thumbnail.getWidth());
        assertEquals(150, thumbnail.getHeight());
    }

    @Test
    void renameKeepsTheIdAndDeleteRemovesTheItem() {
        Path dir = Store.fresh("rename-delete");
        Store.write(dir, "draft.txt", "draft");
        String id = api.idOf("rename-delete/draft.txt");
        api.call("PUT", "rename", "id", id, "name", "final.txt").ok();
        assertEquals("final.txt", api.get("metadata", "id", id).object().getString("title"));
        assertTrue(Files.exists(dir.resolve("final.txt")));

        api.call("PUT", "delete", "id", id).ok();
        assertFalse(Files.exists(dir.resolve("final.txt")));
        api.get("metadata", "id", id).error(404);
    }

    @Test
    void theArchiveActionMovesTheDocumentToItsConfiguredFolder() {
        Path dir = Store.fresh("to-archive");
        Store.write(dir, "contract.pdf", "%PDF-1.7 signed");
        String id = api.idOf("to-archive/contract.pdf");
        JsonObject result = api.call("GET", "customAction", "name", "archive", "id", id).ok().object();
        assertEquals("success", result.getString("status"), result.toString());
        assertEquals(id, api.idOf("archive/2026/contract.pdf"));
        assertTrue(Files.exists(Store.DOCUMENTS.resolve("archive/2026/contract.pdf")));
        assertFalse(Files.exists(dir.resolve("contract.pdf")));
    }

    @Test
    void errorsAreTheProtocolsJson() {
        assertEquals("no document or folder has this id", api.get("metadata", "id", "AAAAAAAAAAAAAAAA").error(404));
        assertEquals("missing parameter 'id'", api.get("metadata").error(400));
        // the access rule of the settings: this user reads, and may not write
        Api reader = api.as("reader@example.com");
        assertEquals(200, reader.get("files", "parentId", "/").status);
        reader.call("POST", "createFolder", "parentId", "/", "name", "not-allowed").error(403);
    }

    @Test
    void theStateIsInPostgreSqlThroughTheServersPool() throws SQLException {
        Path dir = Store.fresh("in-postgres");
        Store.write(dir, "kept.txt", "kept");
        String id = api.idOf("in-postgres/kept.txt");
        try (Connection db = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + property("it.pg.port") + "/docbridge", "docbridge", settings.get("pool.password"))) {
            try (PreparedStatement item = db.prepareStatement("SELECT name FROM items WHERE id = ?")) {
                item.setString(1, id);
                try (ResultSet row = item.executeQuery()) {
                    assertTrue(row.next(), "no row for " + id + " in PostgreSQL's items");
                    assertEquals("kept.txt", row.getString(1));
                }
            }
            // the server's pool names itself: its connections are the ones docbridge uses
            try (PreparedStatement sessions = db.prepareStatement(
                    "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'docbridge' AND usename = 'docbridge'");
                    ResultSet row = sessions.executeQuery()) {
                row.next();
                assertTrue(row.getInt(1) > 0, "no connection of the server's pool (ApplicationName docbridge)");
            }
        }
    }

    // --- helpers ------------------------------------------------------------------------------------

    /** The settings file as the script reads it: key=value, blanks around both dropped, # comments. */
    static Map<String, String> settings(Path file) throws IOException {
        Map<String, String> read = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("#")) {
                read.put(l.substring(0, l.indexOf('=')).strip(), l.substring(l.indexOf('=') + 1).strip());
            }
        }
        return read;
    }

    private static final Pattern CHANGE = Pattern.compile(" +(to be )?(created|updated|removed|added|made anew|deployed|redeployed|restarted|enabled) .*");

    /** The lines of a run of the script that report a change (or, with --check, one to be made), trimmed. */
    static List<String> changeLines(List<String> output) {
        return output.stream().filter(l -> CHANGE.matcher(l).matches()).map(l -> l.strip().replaceAll(" {2,}", " ")).toList();
    }

    static List<String> second() throws IOException {
        return Files.readAllLines(runs().resolve("setup-2.log"));
    }

    static Path runs() {
        return Path.of(property("it.payara-server.runs"));
    }

    static String last(List<String> lines) {
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }

    record Setup(int exit, String output) {
        List<String> lines() {
            return output.lines().toList();
        }
    }

    /** Runs the administrator's script against the test domain, its admin password file given as asadmin's variable. */
    static Setup setup(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", property("it.payara-server.setup"),
                "--payara-home", property("it.payara-server.home"), "--port", property("it.payara-server.admin-port")));
        command.addAll(List.of(arguments));
        return run(command, Map.of("AS_ADMIN_PASSWORDFILE", property("it.payara-server.passwordfile")));
    }

    static String asadmin(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(property("it.payara-server.home") + "/bin/asadmin",
                "--port", property("it.payara-server.admin-port"), "--passwordfile", property("it.payara-server.passwordfile"),
                "--interactive=false"));
        command.addAll(List.of(arguments));
        Setup run = run(command, Map.of());
        assertEquals(0, run.exit, command + ":\n" + run.output);
        return run.output;
    }

    private static Setup run(List<String> command, Map<String, String> environment) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not end within 120 s:\n" + output);
        }
        System.out.print(output); // lands in target/failsafe-reports/*-output.txt
        return new Setup(process.exitValue(), output);
    }

    static byte[] png(int width, int height) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(0, 0, width, height);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set: run with mvn verify -Ppayara-server");
        }
        return value;
    }
}
