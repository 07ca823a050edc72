package org.docbridge.store.filesystem;

import java.security.SecureRandom;
import java.util.Base64;

/** The shape of ids: 16 URL-safe characters from 96 random bits, saying nothing about the path. */
final class Ids {

    private static final int ID_BYTES = 12;
    static final int ID_LENGTH = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    /** A new id; the database's primary key refuses the (astronomically unlikely) one already taken. */
    static String newId() {
        return randomToken();
    }

    /** 96 random bits, URL-safe: for ids and for names of temporary files. */
    static String randomToken() {
        byte[] bytes = new byte[ID_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Cheap shape check, so that look-ups of invented ids never reach the database. */
    static boolean isWellFormed(String id) {
        if (id == null || id.length() != ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
