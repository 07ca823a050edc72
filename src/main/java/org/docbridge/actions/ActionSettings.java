package org.docbridge.actions;

import java.time.Duration;
import java.util.Optional;
import org.docbridge.runtime.Settings;
import org.eclipse.microprofile.config.Config;

/**
 * An action's own settings: {@code docbridge.action.<name>.<setting>} in any MicroProfile Config
 * source, e.g. {@code docbridge.action.archive.target-folder} or, as an environment variable,
 * {@code DOCBRIDGE_ACTION_ARCHIVE_TARGET_FOLDER}.
 */
public final class ActionSettings {

    private final String action;
    private final Config config;

    public ActionSettings(String action, Config config) {
        this.action = action;
        this.config = config;
    }

    /** The full property name of a setting of this action. */
    public String key(String setting) {
        return "docbridge.action." + action + "." + setting;
    }

    public Optional<String> get(String setting) {
        return config.getOptionalValue(key(setting), String.class).map(String::strip).filter(v -> !v.isEmpty());
    }

    public String get(String setting, String fallback) {
        return get(setting).orElse(fallback);
    }

    /**
     * A setting the action cannot do without; a missing one fails the run with a message that names
     * the property to set.
     */
    public String required(String setting) throws ActionFailure {
        return get(setting).orElseThrow(() -> new ActionFailure("the action '" + action + "' is not configured: "
                + key(setting) + " is missing; ask an administrator to set it"));
    }

    public Duration duration(String setting, Duration fallback) {
        Optional<String> value = get(setting);
        return value.isEmpty() ? fallback : Settings.duration(key(setting), value.get());
    }

    public int integer(String setting, int fallback) {
        Optional<String> value = get(setting);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.get());
        } catch (NumberFormatException e) {
            throw new IllegalStateException(key(setting) + ": '" + value.get() + "' is not a whole number");
        }
    }

    public boolean flag(String setting, boolean fallback) {
        Optional<String> value = get(setting);
        if (value.isEmpty()) {
            return fallback;
        }
        return switch (value.get().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalStateException(key(setting) + ": '" + value.get() + "' is neither true nor false");
        };
    }
}
