package org.docbridge.auth;

/**
 * The one rule for secrets an admin configures (API keys, the link secret): at least 32
 * characters, so that none is short enough to guess. A shorter one stops the start with a message
 * that names the setting and never shows the secret. Generated secrets have 43.
 */
public final class SecretLength {

    public static final int MINIMUM = 32;

    private SecretLength() {
    }

    /**
     * Refuses {@code secret}, given in {@code setting}, when it has fewer than {@link #MINIMUM}
     * characters (surrounding spaces not counted); {@code which} names it within the setting.
     */
    public static void check(String setting, String which, String secret) {
        String s = secret.strip();
        int length = s.codePointCount(0, s.length());
        if (length < MINIMUM) {
            throw new IllegalStateException(setting + ": " + which + " has " + length + " characters; a configured"
                    + " secret needs at least " + MINIMUM + " (e.g. the 44 of `openssl rand -base64 32`). Give a"
                    + " longer one, or remove the setting to use the one docbridge generates.");
        }
    }
}
