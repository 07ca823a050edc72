package org.docbridge.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Configured API keys: every one of at least 32 characters, or the server does not start. */
class ApiKeysTest {

    static final String LONG_ONE = "k".repeat(32);
    static final String LONG_TWO = "0123456789abcdefghijklmnopqrstuvwxyz";

    @Test
    void keysOfThirtyTwoCharactersOrMoreAreAcceptedAndEachOneWorks() {
        ApiKeys keys = configured(" " + LONG_ONE + " , " + LONG_TWO + ",");
        assertTrue(keys.accepts(LONG_ONE));
        assertTrue(keys.accepts(LONG_TWO));
        assertFalse(keys.accepts(LONG_ONE.substring(1)));
    }

    @Test
    void aShortKeyStopsTheStartNamingTheSettingButNotTheKey() {
        String shortKey = "only-31-characters-long-key-xyz";
        assertEquals(31, shortKey.length());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> configured(LONG_ONE + "," + shortKey));
        assertTrue(e.getMessage().startsWith("docbridge.auth.api-keys: "), e.getMessage());
        assertTrue(e.getMessage().contains("key 2 of 2 has 31 characters"), e.getMessage());
        assertTrue(e.getMessage().contains("at least 32"), e.getMessage());
        assertFalse(e.getMessage().contains(shortKey), e.getMessage());
        assertFalse(e.getMessage().contains("only-31"), e.getMessage());
    }

    @Test
    void lengthIsCountedInCharactersNotBytesAndWithoutSurroundingSpaces() {
        assertThrows(IllegalStateException.class, () -> configured("   " + "é".repeat(20) + "   ")); // 40 bytes of UTF-8
        configured("€".repeat(32));
    }

    private static ApiKeys configured(String setting) {
        ApiKeys keys = new ApiKeys();
        keys.configured = Optional.of(setting);
        keys.load();
        return keys;
    }
}
