package org.docbridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ItemNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"report.pdf", "Réunion d'été (v2).docx", "会議資料.pdf", "plan 🚀 final.txt",
        "family 👨‍👩‍👧.jpg", "50% off + more.txt", "a+b=c&d [draft] {x} #1 @home ~ok.txt", "CONSOLE.txt", "con-tract.pdf"})
    void acceptsWhatPeopleNameDocuments(String name) {
        assertEquals(name, ItemNames.check(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", ".hidden", "a/b", "a\\b", "..\\..\\x", "a:b", "a*b", "a?b", "a\"b", "a<b",
        "a>b", "a|b", "nul\u0000byte", "line\nbreak", "tab\there", "bell\u0007", "del\u007f", " leading", "trailing ",
        "trailing.", "CON", "con.txt", "Lpt1.doc", "COM9", "aux.tar.gz", "zero\u200Bwidth", "rtl\u202Eflip.txt",
        "nbsp\u00A0space", "replacement\uFFFD.txt", "a\u200Db", "\u200Dlead.txt", "hangul\u3164filler",
        "braille\u2800blank", "isolate\u2066x\u2069.txt", "lone\uD800surrogate"})
    void refusesWhatIsUnsafeOrUnreadable(String name) {
        assertThrows(InvalidNameException.class, () -> ItemNames.check(name));
    }

    @org.junit.jupiter.api.Test
    void normalisesToNfcAndCountsBytes() {
        assertEquals("\u00e9t\u00e9.txt", ItemNames.check("e\u0301te\u0301.txt"));
        assertEquals(255, ItemNames.check("é".repeat(127) + "x").getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        assertThrows(InvalidNameException.class, () -> ItemNames.check("é".repeat(128)));
        assertThrows(InvalidNameException.class, () -> ItemNames.check(null));
    }
}
