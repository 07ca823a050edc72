package org.docbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The upgrade from the release before the state database: a data folder that release left behind
 * (src/test/resources/upgrade/release-0.1, made by that release's WAR) is served by this one with
 * every id, lock and upload session kept, and its journals kept renamed as a backup. Starts a Payara
 * Micro of its own on a copy of it, twice.
 */
class UpgradeIT {

    static final Path FIXTURE = Path.of("src/test/resources/upgrade/release-0.1").toAbsolutePath();
    static final Path DATA = Path.of(Store.WORK + "-upgrade");

    @Test
    void aDataFolderOfTheReleaseBeforeTheDatabaseKeepsEveryIdLockAndSession() throws Exception {
        Store.delete(DATA);
        copy(FIXTURE.resolve("state"), DATA.resolve("state"));
        copy(FIXTURE.resolve("documents"), DATA.resolve("documents"));
        JsonObject expected;
        try (Reader in = Files.newBufferedReader(FIXTURE.resolve("expected.json"), StandardCharsets.UTF_8)) {
            expected = Json.createReader(in).readObject();
        }
        String key = Files.readString(DATA.resolve("state/api-key")).trim();
        // the journals go into an empty database: under -Ppostgres one of the run's cluster of its own
        List<String> settings = List.of();
        if (System.getProperty("it.pg.dir") != null) {
            Postgres postgres = Postgres.ofTheRun();
            postgres.createDatabase("upgrade");
            settings = List.of("-Ddocbridge.db.url=" + postgres.url("upgrade"));
        }

        try (KeptSecretsIT.Server server = KeptSecretsIT.Server.start(DATA, settings)) {
            everyIdAnswersAsTheReleaseDid(server, key, expected);
            for (String id : expected.getJsonObject("locks").keySet()) {
                String locker = expected.getJsonObject("locks").getString(id);
                // still locked: read-only for everybody, its locker too
                String refused = server.api.raw("PUT", "api/rename?id=" + Api.encode(id) + "&name="
                        + Api.encode("renamed"), headers(key, locker), false).error(403);
                assertTrue(refused.contains("lock"), refused);
            }
            try (Stream<Path> files = Files.list(DATA.resolve("state"))) {
                List<String> names = files.map(p -> p.getFileName().toString()).toList();
                for (String journal : List.of("catalogue.log", "uploads.log", "locks.log")) {
                    assertFalse(names.contains(journal), journal + " is no longer read: " + names);
                    assertTrue(names.stream().anyMatch(n -> n.startsWith(journal + ".imported-")),
                            journal + " is kept renamed as a backup: " + names);
                }
            }
        }
        // a second start imports nothing again and serves the same ids
        try (KeptSecretsIT.Server server = KeptSecretsIT.Server.start(DATA, settings)) {
            everyIdAnswersAsTheReleaseDid(server, key, expected);
        }
    }

    private static void everyIdAnswersAsTheReleaseDid(KeptSecretsIT.Server server, String key, JsonObject expected) {
        JsonObject uploads = expected.getJsonObject("uploads");
        for (Map.Entry<String, jakarta.json.JsonValue> item : expected.getJsonObject("items").entrySet()) {
            String id = item.getKey();
            if (uploads.containsKey(id) && !uploads.getJsonObject(id).getBoolean("completed")) {
                continue; // a placeholder whose session is long over: its expiry may have removed it
            }
            JsonArray path = item.getValue().asJsonObject().getJsonArray("path");
            JsonObject metadata = server.api.raw("GET", "api/metadata?id=" + Api.encode(id), headers(key, Api.USER), false)
                    .object();
            assertEquals(path.getString(path.size() - 1), metadata.getString("title"), "the name of id " + id);
            assertEquals(id, metadata.getString("id"));
        }
        for (jakarta.json.JsonValue gone : expected.getJsonArray("gone")) {
            String id = ((jakarta.json.JsonString) gone).getString();
            server.api.raw("GET", "api/metadata?id=" + Api.encode(id), headers(key, Api.USER), false).error(404);
        }
    }

    private static Map<String, String> headers(String key, String user) {
        return Map.of("apiKey", key, "username", user);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
