package org.docbridge.store.filesystem;

/** Which names on disk docbridge serves at all. */
final class Names {

    private Names() {
    }

    /**
     * Hidden files (a leading dot) are never served; neither are names the JVM could not decode
     * (they carry U+FFFD and could not be opened again by that name).
     */
    static boolean isServable(String name) {
        if (name == null || name.isEmpty() || name.charAt(0) == '.') {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == 0 || c == '\uFFFD') {
                return false;
            }
        }
        return true;
    }
}
