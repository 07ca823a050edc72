package org.docbridge.ops;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The configuration in effect, one line per setting: its value (a secret only as "set, N
 * characters") and where it came from: the default, the environment, a system property, a
 * password alias or another source of the server's. Settings named in other settings (a client's,
 * an action's) are listed for each name; any other {@code docbridge.*} or {@code DOCBRIDGE_*}
 * name found is listed too, marked when docbridge does not know it, since that is usually a typo.
 */
public final class EffectiveConfig {

    /** One line of the catalogue. */
    record Setting(String key, String fallback, boolean secret) {
    }

    private static final List<Pattern> FREE_FORM = List.of(
            Pattern.compile("docbridge\\.access\\.group\\.[^.]+"),
            Pattern.compile("docbridge\\.action\\.[^.]+\\..+"),
            Pattern.compile("docbridge\\.oauth\\.client\\.[^.]+\\..+"),
            Pattern.compile("DOCBRIDGE_ACCESS_GROUP_.+"),
            Pattern.compile("DOCBRIDGE_ACTION_.+_.+"),
            Pattern.compile("DOCBRIDGE_OAUTH_CLIENT_.+_.+"));
    private static final Set<String> SECRET_WORDS = Set.of("secret", "password", "key", "keys", "token");

    private EffectiveConfig() {
    }

    /** The settings docbridge reads, from {@code settings.tsv} beside this class. */
    static List<Setting> catalogue() {
        List<Setting> settings = new ArrayList<>();
        try (InputStream in = EffectiveConfig.class.getResourceAsStream("settings.tsv");
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cells = line.split("\t");
                settings.add(new Setting(cells[0], cells[1], cells.length > 2 && cells[2].equals("secret")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return settings;
    }

    /** The lines to log, in the catalogue's order, then the other names found. */
    public static List<String> lines(Config config) {
        List<String> lines = new ArrayList<>();
        Set<String> shown = new LinkedHashSet<>();
        List<Setting> catalogue = catalogue();
        for (Setting s : catalogue) {
            if (s.key().equals("docbridge.oauth.clients")) {
                line(lines, shown, config, s.key(), s.fallback(), s.secret());
                named(lines, shown, config, catalogue, "<id>", list(config, s.key()));
            } else if (s.key().equals("docbridge.actions")) {
                line(lines, shown, config, s.key(), s.fallback(), s.secret());
                named(lines, shown, config, catalogue, "<name>", list(config, s.key()));
            } else if (!s.key().contains("<")) {
                line(lines, shown, config, s.key(), s.fallback(), s.secret());
            }
        }
        Set<String> others = new TreeSet<>();
        for (String name : config.getPropertyNames()) {
            if ((name.startsWith("docbridge.") || name.startsWith("DOCBRIDGE_")) && !shown.contains(name)) {
                others.add(name);
            }
        }
        for (String name : others) {
            boolean known = FREE_FORM.stream().anyMatch(p -> p.matcher(name).matches());
            ConfigValue value = config.getConfigValue(name);
            lines.add(name + " = " + shown(value.getValue(), secretName(name)) + " (" + source(config, value) + ")"
                    + (known ? "" : " -- not a setting docbridge knows: check its spelling"));
        }
        return lines;
    }

    /** The settings of each name a list setting gives (each client's, each action's), name by name. */
    private static void named(List<String> lines, Set<String> shown, Config config, List<Setting> catalogue,
            String placeholder, List<String> names) {
        for (String name : names) {
            for (Setting s : catalogue) {
                if (s.key().contains(placeholder) && s.key().indexOf('<') == s.key().indexOf(placeholder)
                        && s.key().indexOf('<', s.key().indexOf(placeholder) + 1) < 0) {
                    line(lines, shown, config, s.key().replace(placeholder, name), s.fallback(), s.secret());
                }
            }
        }
    }

    private static void line(List<String> lines, Set<String> shown, Config config, String key, String fallback,
            boolean secret) {
        ConfigValue value = config.getConfigValue(key);
        shown.add(key);
        shown.add(envName(key));
        if (value.getValue() == null) {
            lines.add(key + " = " + fallback + " (default)");
        } else {
            lines.add(key + " = " + shown(value.getValue(), secret) + " (" + source(config, value) + ")");
        }
    }

    /** MicroProfile Config's environment spelling: letters and digits upper-cased, everything else '_'. */
    static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    static String shown(String value, boolean secret) {
        if (value == null) {
            return "(none)";
        }
        if (secret) {
            return value.isEmpty() ? "(empty)" : "(secret, set: " + value.length() + " characters)";
        }
        String oneLine = value.replace("\n", "\\n").replace("\r", "\\r");
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "..." : oneLine;
    }

    private static boolean secretName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith("-file") || lower.endsWith("_file")) {
            return false; // a path, not the secret
        }
        for (String word : lower.split("[^a-z0-9]+")) {
            if (SECRET_WORDS.contains(word)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> list(Config config, String key) {
        List<String> names = new ArrayList<>();
        config.getOptionalValue(key, String.class).ifPresent(v -> {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    names.add(part.strip());
                }
            }
        });
        return names;
    }

    /** Where a value came from, in an administrator's words. */
    static String source(Config config, ConfigValue value) {
        String name = value.getSourceName();
        if (name == null) {
            return "default";
        }
        String lower = name.toLowerCase(Locale.ROOT);
        int ordinal = value.getSourceOrdinal();
        for (ConfigSource source : config.getConfigSources()) {
            if (name.equals(source.getName())) {
                ordinal = source.getOrdinal();
                break;
            }
        }
        if (lower.contains("env")) {
            return "environment";
        }
        if (lower.contains("system") || lower.contains("sysprop")) {
            return "system property";
        }
        if (lower.contains("alias")) {
            return "password alias";
        }
        if (lower.contains("microprofile-config.properties")) {
            return "microprofile-config.properties";
        }
        return name + ", ordinal " + ordinal;
    }
}
