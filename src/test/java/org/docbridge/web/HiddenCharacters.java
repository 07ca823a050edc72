package org.docbridge.web;

import java.util.stream.IntStream;

/** The characters that must never reach a log line as they are: they break it or hide what it says. */
final class HiddenCharacters {

    private HiddenCharacters() {
    }

    static IntStream all() {
        return IntStream.of(
                // C0 controls, among them NUL, tab, line feed, carriage return, escape; and DEL
                0x00, 0x01, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1b, 0x1f, 0x7f,
                // C1 controls, among them NEL (U+0085), which some readers take for a line break
                0x80, 0x85, 0x8d, 0x9b, 0x9f,
                // line and paragraph separators
                0x2028, 0x2029,
                // bidirectional embeddings, overrides and isolates, marks
                0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x061c,
                // other invisible format characters: zero-width space, joiners, word joiner, BOM, soft hyphen
                0x200b, 0x200c, 0x200d, 0x2060, 0xfeff, 0x00ad);
    }

    /** How a log line shows {@code c}: <code>&#92;u2028</code>. */
    static String escaped(int c) {
        return String.format("\\u%04x", c);
    }
}
