package org.docbridge.store;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The rule for names docbridge gives to new or renamed items, whatever the store: an allow-list of
 * characters (letters, marks, digits, spaces, punctuation and symbols, emoji), never a deny-list of
 * dangerous sequences. Names are normalised to Unicode NFC first, so that the same visible name is
 * the same name.
 */
public final class ItemNames {

    /** Bytes of UTF-8: the limit of common file systems. */
    public static final int MAX_BYTES = 255;

    /** Characters that separate paths or are refused by Windows clients. */
    private static final String FORBIDDEN = "/\\:*?\"<>|";
    private static final Pattern RESERVED = Pattern.compile("(CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])(\\..*)?");

    private ItemNames() {
    }

    /** The name as it will be stored (NFC), or {@link InvalidNameException} saying which rule it breaks. */
    public static String check(String name) {
        if (name == null) {
            throw new InvalidNameException("a name is needed");
        }
        String nfc = Normalizer.normalize(name, Normalizer.Form.NFC);
        if (nfc.isEmpty()) {
            throw new InvalidNameException("a name is needed");
        }
        if (nfc.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new InvalidNameException("the name is longer than " + MAX_BYTES + " bytes");
        }
        if (nfc.equals(".") || nfc.equals("..")) {
            throw new InvalidNameException("'.' and '..' are not names");
        }
        if (nfc.startsWith(".")) {
            throw new InvalidNameException("a name may not start with '.' (such items are hidden)");
        }
        if (nfc.endsWith(".") || nfc.startsWith(" ") || nfc.endsWith(" ")) {
            throw new InvalidNameException("a name may not start or end with a space, or end with '.'");
        }
        int[] points = nfc.codePoints().toArray();
        for (int i = 0; i < points.length; i++) {
            int c = points[i];
            boolean ok = c == ZWJ
                    // the joiner only binds emoji into one (a family, a flag); elsewhere it hides
                    ? i > 0 && i < points.length - 1 && isSymbol(points[i - 1]) && isSymbol(points[i + 1])
                    : allowed(c);
            if (!ok) {
                throw new InvalidNameException(String.format(
                        "the character U+%04X is not allowed in names (nor any of %s, control or invisible characters)",
                        c, FORBIDDEN));
            }
        }
        if (RESERVED.matcher(nfc.toUpperCase(Locale.ROOT)).matches()) {
            throw new InvalidNameException("'" + nfc + "' is a reserved device name on Windows");
        }
        return nfc;
    }

    /**
     * A name as search compares it: Unicode NFC, then lower case by the language-neutral rules. A
     * query matches a name when the query's key is part of the name's key.
     */
    public static String searchKey(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
    }

    /**
     * A name that passes {@link #check}, made from one that may not: what a file created outside
     * docbridge ({@code Q1: plan.txt}) is called when docbridge must make a new item from it. Each
     * character the rules refuse becomes '_'; leading dots and spaces and trailing dots and spaces go.
     */
    public static String sanitize(String name) {
        try {
            return check(name);
        } catch (InvalidNameException e) {
            // made valid below
        }
        String nfc = Normalizer.normalize(name == null ? "" : name, Normalizer.Form.NFC);
        StringBuilder out = new StringBuilder(nfc.length());
        nfc.codePoints().forEach(c -> {
            if (c == ZWJ || allowed(c)) {
                out.appendCodePoint(c);
            } else {
                out.append('_');
            }
        });
        String cleaned = out.toString().replaceAll("^[. ]+", "").replaceAll("[. ]+$", "");
        while (cleaned.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            cleaned = cleaned.substring(0, cleaned.offsetByCodePoints(cleaned.length(), -1));
        }
        // a joiner left between non-emoji, or a reserved device name ("CON.txt")
        for (String candidate : new String[] {cleaned, cleaned.replace("\u200D", "_"), "_" + cleaned}) {
            try {
                if (!candidate.isEmpty() && !candidate.equals("_")) {
                    return check(candidate);
                }
            } catch (InvalidNameException e) {
                // the next candidate
            }
        }
        return "document";
    }

    private static final int ZWJ = 0x200D;

    /** Letters and symbols that draw nothing: two names differing only by them look the same. */
    private static final java.util.Set<Integer> INVISIBLE = java.util.Set.of(
            0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800, 0x034F, 0xFFFC, 0xFFFD);

    private static boolean isSymbol(int c) {
        return Character.getType(c) == Character.OTHER_SYMBOL;
    }

    private static boolean allowed(int c) {
        if ((c < 0x80 && FORBIDDEN.indexOf(c) >= 0) || INVISIBLE.contains(c)) {
            return false;
        }
        if (c == ' ') {
            return true;
        }
        return switch (Character.getType(c)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER, Character.OTHER_LETTER,
                    Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK,
                    Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER,
                    Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
                    Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
            default -> false; // controls, format characters, separators other than space, unassigned
        };
    }

    /**
     * The {@code n}-th alternative to a taken name, as desktop systems make them: {@code report.pdf}
     * becomes {@code report (1).pdf}, a folder or a name without extension {@code Minutes (1)}. The
     * name before the number is shortened if the result would exceed {@link #MAX_BYTES}.
     */
    public static String numbered(String checkedName, int n, boolean folder) {
        int dot = folder ? -1 : checkedName.lastIndexOf('.');
        boolean hasExtension = dot > 0 && checkedName.length() - dot <= 16;
        String base = hasExtension ? checkedName.substring(0, dot) : checkedName;
        String tail = " (" + n + ")" + (hasExtension ? checkedName.substring(dot) : "");
        int room = MAX_BYTES - tail.getBytes(StandardCharsets.UTF_8).length;
        while (base.getBytes(StandardCharsets.UTF_8).length > room) {
            base = base.substring(0, base.offsetByCodePoints(base.length(), -1));
        }
        // a cut may end inside an emoji sequence or before a combining mark: shorten until valid
        while (!base.isBlank()) {
            try {
                return check(base.strip() + tail);
            } catch (InvalidNameException e) {
                base = base.substring(0, base.offsetByCodePoints(base.length(), -1));
            }
        }
        return check(checkedName.substring(0, 1) + tail);
    }
}
