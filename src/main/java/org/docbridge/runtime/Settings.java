package org.docbridge.runtime;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/** Parsing of setting values that several components share, with errors that name the setting. */
public final class Settings {

    private Settings() {
    }

    /** A positive duration: ISO-8601 ({@code PT1H}) or a number of seconds. */
    public static Duration duration(String key, String value) {
        String v = value.trim();
        try {
            Duration d = v.chars().allMatch(Character::isDigit) && !v.isEmpty()
                    ? Duration.ofSeconds(Long.parseLong(v)) : Duration.parse(v);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException();
            }
            return d;
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new IllegalStateException(key + ": '" + value
                    + "' is neither a number of seconds nor an ISO-8601 duration such as PT1H");
        }
    }

    /** A byte count: a plain number, or one ending in K, M, G or T (powers of 1024), e.g. 5G. */
    public static long bytes(String key, String value) {
        String v = value.trim().toUpperCase(java.util.Locale.ROOT);
        if (v.endsWith("B")) {
            v = v.substring(0, v.length() - 1);
        }
        if (v.endsWith("I")) {
            v = v.substring(0, v.length() - 1); // GiB
        }
        int shift = 0;
        if (!v.isEmpty()) {
            switch (v.charAt(v.length() - 1)) {
                case 'K' -> shift = 10;
                case 'M' -> shift = 20;
                case 'G' -> shift = 30;
                case 'T' -> shift = 40;
                default -> shift = 0;
            }
        }
        String digits = shift == 0 ? v : v.substring(0, v.length() - 1).trim();
        try {
            long n = Long.parseLong(digits);
            if (n <= 0 || n > (Long.MAX_VALUE >> shift)) {
                throw new NumberFormatException();
            }
            return n << shift;
        } catch (NumberFormatException e) {
            throw new IllegalStateException(key + ": '" + value
                    + "' is not a size; give a number of bytes, or one ending in K, M, G or T (e.g. 5G)");
        }
    }

    /**
     * A secret given either in the setting {@code key} or in a file named by {@code fileKey} (its
     * content, surrounding blanks and line breaks removed); null when neither is set. Both set, an
     * empty or unreadable file: an error that names the setting, never the secret.
     */
    public static String secret(String key, java.util.Optional<String> value, String fileKey,
            java.util.Optional<String> file) {
        java.util.Optional<String> given = value.map(String::strip).filter(v -> !v.isEmpty());
        java.util.Optional<String> path = file.map(String::strip).filter(v -> !v.isEmpty());
        if (given.isPresent() && path.isPresent()) {
            throw new IllegalStateException(key + " and " + fileKey + " are both set; set only one");
        }
        if (path.isEmpty()) {
            return given.orElse(null);
        }
        java.nio.file.Path at = java.nio.file.Path.of(path.get());
        try {
            String read = java.nio.file.Files.readString(at, java.nio.charset.StandardCharsets.UTF_8).strip();
            if (read.isEmpty()) {
                throw new IllegalStateException(fileKey + ": " + at + " is empty");
            }
            return read;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(fileKey + ": cannot read " + at + " (" + e.getClass().getSimpleName()
                    + "); give a file readable by the server's user", e);
        }
    }
}
