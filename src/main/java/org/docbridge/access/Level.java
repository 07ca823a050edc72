package org.docbridge.access;

import java.util.Locale;

/** What a user may do with an item; each level includes the ones before it. */
public enum Level {
    /** The item is invisible: not listed, not found, not served. */
    NONE,
    /** Listed, searched, viewed, downloaded. */
    READ,
    /** Also changed: uploads into it, new folders, rename, delete. */
    WRITE;

    static Level parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "none" -> NONE;
            case "read" -> READ;
            case "write" -> WRITE;
            default -> throw new IllegalArgumentException("'" + text + "' is not a level; use none, read or write");
        };
    }

    public boolean allows(Level needed) {
        return compareTo(needed) >= 0;
    }
}
