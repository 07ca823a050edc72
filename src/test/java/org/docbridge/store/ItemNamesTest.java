package org.docbridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

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

    // --- numbered alternatives to a taken name ---------------------------------------------------

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void numberedGoesBeforeTheExtensionOfAFile() {
        assertEquals("report (1).pdf", ItemNames.numbered("report.pdf", 1, false));
        assertEquals("report (12).pdf", ItemNames.numbered("report.pdf", 12, false));
        assertEquals("archive.tar (2).gz", ItemNames.numbered("archive.tar.gz", 2, false));
        assertEquals("Réunion d'été (3).docx", ItemNames.numbered("Réunion d'été.docx", 3, false));
        assertEquals("會議 (1).pdf", ItemNames.numbered("會議.pdf", 1, false));
    }

    @Test
    void numberedGoesAtTheEndOfAFolderOrANameWithoutExtension() {
        assertEquals("v1.2 (1)", ItemNames.numbered("v1.2", 1, true), "a folder's dot is not an extension");
        assertEquals("Minutes (1)", ItemNames.numbered("Minutes", 1, true));
        assertEquals("Minutes (4)", ItemNames.numbered("Minutes", 4, false));
        assertEquals("README (1)", ItemNames.numbered("README", 1, false));
        // a "extension" longer than 15 characters after the dot is part of the name
        assertEquals("notes.averyveryverylongsuffix (1)", ItemNames.numbered("notes.averyveryverylongsuffix", 1, false));
    }

    @Test
    void numberedNamesAreNamesTheStoreAccepts() {
        for (String name : new String[] {"report.pdf", "v1.2", "Minutes", "family 👨‍👩‍👧.jpg", "a b.c"}) {
            for (boolean folder : new boolean[] {true, false}) {
                String numbered = ItemNames.numbered(name, 7, folder);
                assertEquals(numbered, ItemNames.check(numbered), name);
                assertTrue(numbered.contains(" (7)"), numbered);
            }
        }
    }

    @Test
    void aLongNameIsShortenedBeforeTheNumberToStayWithin255Bytes() {
        String name = "é".repeat(125) + ".pdf"; // 250 + 4 bytes
        assertEquals(254, bytes(ItemNames.check(name)));
        String numbered = ItemNames.numbered(name, 1, false);
        assertEquals("é".repeat(123) + " (1).pdf", numbered, "whole characters dropped, never half of one");
        assertTrue(bytes(numbered) <= ItemNames.MAX_BYTES);
        assertEquals(numbered, ItemNames.check(numbered));

        String emoji = "😀".repeat(62) + ".txt"; // 4-byte characters (surrogate pairs): 248 + 4 bytes
        String tenth = ItemNames.numbered(ItemNames.check(emoji), 10, false);
        assertEquals("😀".repeat(61) + " (10).txt", tenth);
        assertTrue(bytes(tenth) <= ItemNames.MAX_BYTES, tenth);
        assertEquals(tenth, ItemNames.check(tenth));

        String folder = "会".repeat(85); // 255 bytes, no room at all
        String numberedFolder = ItemNames.numbered(ItemNames.check(folder), 100, true);
        assertEquals("会".repeat(83) + " (100)", numberedFolder);
        assertEquals(numberedFolder, ItemNames.check(numberedFolder));
    }

    @Test
    void aNameShortenedToEndInASpaceDoesNotGetTwoSpacesBeforeTheNumber() {
        String name = ItemNames.check("a".repeat(246) + " b.pdf"); // 252 bytes; room before " (1).pdf": 247
        String numbered = ItemNames.numbered(name, 1, false);
        assertEquals("a".repeat(246) + " (1).pdf", numbered);
        assertEquals(numbered, ItemNames.check(numbered));
    }

    /**
     * Shortening drops code points one by one, so it can stop right after a zero-width joiner: the
     * result then has a ZWJ before " (1)", which {@link ItemNames#check} refuses. The upload of a
     * valid name that is merely taken then fails as if the client had sent an invalid name.
     */
    @Test
    void shorteningNeverCutsAnEmojiSequenceInHalf() {
        String family = "👨\u200D👩\u200D👧"; // 18 bytes
        String name = ItemNames.check("a".repeat(230) + family + ".jpg"); // 252 bytes
        String numbered = ItemNames.numbered(name, 1, false);
        assertTrue(bytes(numbered) <= ItemNames.MAX_BYTES, numbered);
        assertEquals(numbered, ItemNames.check(numbered));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "Q1: plan.txt|Q1_ plan.txt",
            "what?.pdf|what_.pdf",
            ".hidden|hidden",
            " spaced .|spaced",
            "CON.txt|_CON.txt",
            "tab\there|tab_here",
            "fine.txt|fine.txt"})
    void sanitizeMakesAValidNameFromAnExistingOne(String name, String expected) {
        assertEquals(expected, ItemNames.sanitize(name.replace("\\t", "\t")));
        assertEquals(expected, ItemNames.check(expected));
    }

    @Test
    void sanitizeNeverAnswersAnInvalidName() {
        for (String name : new String[] {"", "...", "/", "\u0000", "a\u200Db", "x".repeat(300) + ":"}) {
            String clean = ItemNames.sanitize(name);
            assertEquals(clean, ItemNames.check(clean), name);
        }
    }
}
