package org.docbridge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The one way log lines show values from outside; each log's own test runs it through that log. */
class LogValuesTest {

    @Test
    void plainAsciiStaysAsItIs() {
        assertEquals("ann@bank.example", shown("ann@bank.example", 100));
        assertEquals("/api/files", shown("/api/files", 100));
    }

    @Test
    void anythingElseIsQuotedAndVisibleCharactersStay() {
        assertEquals("\"\"", shown("", 100));
        assertEquals("\"a=b\"", shown("a=b", 100));
        assertEquals("\"Résumé 履歴書 \uD83D\uDCC4.pdf\"", shown("Résumé 履歴書 \uD83D\uDCC4.pdf", 100));
    }

    @Test
    void charactersBeyondTheBmpLoneSurrogatesAndLookalikeSpacesAreEscaped() {
        assertEquals("\"flag\\U000e0067\\U000e0062\"", shown("flag\uDB40\uDC67\uDB40\uDC62", 100)); // tag characters
        assertEquals("\"a\\ud800b\\udc00\"", shown("a\uD800b\uDC00", 100));
        assertEquals("\"a\\u00a0b\\u3000c\\u3164d\"", shown("a\u00a0b\u3000c\u3164d", 100));
        assertEquals("\"\\u2028\\u2029\\u0085\\u202e\"", shown("\u2028\u2029\u0085\u202e", 100));
    }

    @Test
    void aLongValueIsCutAndNeverInsideACharacter() {
        assertEquals("abc...", shown("abcdef", 3));
        assertEquals("ab...", shown("ab\uD83D\uDCC4", 3));
        assertEquals("\"ab\\u2028\"...", shown("ab\u2028xyz", 3));
    }

    private static String shown(String value, int max) {
        return LogValues.append(new StringBuilder(), value, max).toString();
    }
}
