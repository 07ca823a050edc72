package org.docbridge.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.Converter;
import org.junit.jupiter.api.Test;

class EffectiveConfigTest {

    @Test
    void theCatalogueListsExactlyTheSettingsOfTheReadmeTable() throws IOException {
        Set<String> readme = new TreeSet<>();
        for (String line : Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8)) {
            if (line.startsWith("| `docbridge.")) {
                readme.add(line.substring(3, line.indexOf('`', 3)));
            }
        }
        Set<String> catalogue = EffectiveConfig.catalogue().stream().map(EffectiveConfig.Setting::key)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(readme, catalogue, "src/main/resources/org/docbridge/ops/settings.tsv and the README's table");
    }

    @Test
    void everySettingHasALineWithItsValueAndSourceAndSecretsAreNeverShown() {
        FakeConfig config = new FakeConfig();
        config.env.put("DOCBRIDGE_PUBLISHER", "Records");
        config.env.put("DOCBRIDGE_DB_PASSWORD", "hunter2-the-database-password");
        config.env.put("DOCBRIDGE_ACCESS_GROUP_AUDITORS", "ann@example.com");
        config.env.put("DOCBRIDGE_ACTION_NOTIFY_TOKEN", "a-webhook-token-value");
        config.env.put("DOCBRIDGE_PUBLISHR", "typo");
        config.system.put("docbridge.actions", "archive, notify");
        config.system.put("docbridge.action.archive.target-folder", "/archive");
        config.system.put("docbridge.oauth.clients", "prod");
        config.system.put("docbridge.oauth.client.prod.secret", "the-client-secret-of-the-production-workfront");

        List<String> lines = EffectiveConfig.lines(config);
        String all = String.join("\n", lines);
        assertFalse(all.contains("hunter2") || all.contains("webhook-token") || all.contains("production-workfront"),
                "a secret is shown:\n" + all);
        assertTrue(lines.contains("docbridge.publisher = Records (environment)"), all);
        assertTrue(lines.contains("docbridge.db.password = (secret, set: 29 characters) (environment)"), all);
        assertTrue(lines.contains("docbridge.links.ttl = PT1H (default)"), all);
        assertTrue(lines.contains("docbridge.actions = archive, notify (system property)"), all);
        assertTrue(lines.contains("docbridge.oauth.client.prod.secret = (secret, set: 45 characters) (system property)"),
                all);
        // each action's settings, grouped by action, in the list's order
        int archive = lines.indexOf("docbridge.action.archive.display-name = (the name) (default)");
        int notify = lines.indexOf("docbridge.action.notify.display-name = (the name) (default)");
        assertTrue(archive > 0 && notify > archive, all);
        assertTrue(lines.indexOf("docbridge.action.archive.async = false (default)") < notify, all);
        // names docbridge reads but cannot list beforehand, and a typo, which is pointed out
        assertTrue(lines.contains("DOCBRIDGE_ACCESS_GROUP_AUDITORS = ann@example.com (environment)"), all);
        assertTrue(lines.contains("docbridge.action.archive.target-folder = /archive (system property)"), all);
        assertTrue(lines.contains("DOCBRIDGE_ACTION_NOTIFY_TOKEN = (secret, set: 21 characters) (environment)"), all);
        assertTrue(lines.contains("DOCBRIDGE_PUBLISHR = typo (environment) -- not a setting docbridge knows: check its"
                + " spelling"), all);
        // a setting given in the environment is listed once, under its own name
        assertEquals(1, lines.stream().filter(l -> l.contains("Records")).count(), all);
    }

    /** System properties over the environment, as MicroProfile Config orders them. */
    static final class FakeConfig implements Config {
        final Map<String, String> env = new LinkedHashMap<>();
        final Map<String, String> system = new LinkedHashMap<>();

        private ConfigValue find(String name) {
            String value = system.get(name);
            String source = "SystemPropertyConfigSource";
            if (value == null) {
                value = env.get(name);
                value = value != null ? value : env.get(EffectiveConfig.envName(name));
                source = "EnvConfigSource";
            }
            String found = value;
            String from = found == null ? null : source;
            return new ConfigValue() {
                public String getName() {
                    return name;
                }

                public String getValue() {
                    return found;
                }

                public String getRawValue() {
                    return found;
                }

                public String getSourceName() {
                    return from;
                }

                public int getSourceOrdinal() {
                    return from == null ? 0 : from.startsWith("System") ? 400 : 300;
                }
            };
        }

        @Override
        public <T> T getValue(String name, Class<T> type) {
            return type.cast(find(name).getValue());
        }

        @Override
        public ConfigValue getConfigValue(String name) {
            return find(name);
        }

        @Override
        public <T> Optional<T> getOptionalValue(String name, Class<T> type) {
            return Optional.ofNullable(find(name).getValue()).map(type::cast);
        }

        @Override
        public Iterable<String> getPropertyNames() {
            List<String> names = new ArrayList<>(system.keySet());
            names.addAll(env.keySet());
            names.add("PATH");
            return names;
        }

        @Override
        public Iterable<ConfigSource> getConfigSources() {
            return List.of();
        }

        @Override
        public <T> Optional<Converter<T>> getConverter(Class<T> type) {
            return Optional.empty();
        }

        @Override
        public <T> T unwrap(Class<T> type) {
            throw new IllegalArgumentException();
        }
    }
}
