package org.docbridge.web;

/**
 * How every log line of docbridge (the request log, the audit log, the audit file) shows a value
 * that came from outside: a user name, a path, an id, a file name, an error message. Whatever a
 * client sends, the value stays on its line, cannot end early and forge a field, and shows every
 * character a reader could not see (controls, line and paragraph separators, bidirectional
 * controls, zero-width and other format characters) as an escape such as <code>&#92;u2028</code>.
 */
public final class LogValues {

    private LogValues() {
    }

    /**
     * Appends {@code value} to {@code line}: as it is when it is printable ASCII without space,
     * {@code "}, {@code \} or {@code =}; otherwise in double quotes, with {@code "} and {@code \}
     * escaped by a backslash and every hidden character as <code>&#92;uXXXX</code> (<code>&#92;UXXXXXXXX</code> beyond
     * the BMP). Values longer than {@code max} characters are cut, and {@code ...} follows.
     */
    public static StringBuilder append(StringBuilder line, String value, int max) {
        boolean cut = value.length() > max;
        int end = cut ? max : value.length();
        if (cut && end > 0 && Character.isHighSurrogate(value.charAt(end - 1))) {
            end--; // never half a character
        }
        String shown = value.substring(0, end);
        if (plain(shown)) {
            line.append(shown);
        } else {
            line.append('"');
            for (int i = 0; i < shown.length(); ) {
                int c = shown.codePointAt(i);
                i += Character.charCount(c);
                if (c == '"' || c == '\\') {
                    line.append('\\').appendCodePoint(c);
                } else if (hidden(c)) {
                    line.append(c > 0xffff ? String.format("\\U%08x", c) : String.format("\\u%04x", c));
                } else {
                    line.appendCodePoint(c);
                }
            }
            line.append('"');
        }
        return cut ? line.append("...") : line;
    }

    private static boolean plain(String value) {
        if (value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c >= 0x7f || c == '"' || c == '\\' || c == '=') {
                return false;
            }
        }
        return true;
    }

    /** Whether a reader of the line would not see {@code c} as it is, or it could break the line. */
    static boolean hidden(int c) {
        return switch (Character.getType(c)) {
            // C0, DEL, C1 (NEL among them); bidi controls, zero-width characters, BOM, soft hyphen...;
            // U+2028/2029; lone surrogates; code points this Java does not know yet
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE, Character.UNASSIGNED -> true;
            // spaces that are not U+0020 look like one and would let a value pass for two
            case Character.SPACE_SEPARATOR -> c != ' ';
            // letters and marks that show nothing: the Hangul fillers, the combining grapheme joiner
            default -> c == 0x115f || c == 0x1160 || c == 0x3164 || c == 0xffa0 || c == 0x034f;
        };
    }
}
