package org.docbridge.protocol;

import java.util.List;
import org.docbridge.web.ApiError;

/**
 * {@code max} and {@code offset}: absent means the complete list (Workfront lists huge folders
 * whole and never asks for a second page); present, an exact slice with a 0-based offset.
 */
record Paging(int max, int offset) {

    static final Paging ALL = new Paging(Integer.MAX_VALUE, 0);

    static Paging of(String max, String offset) {
        return new Paging(max == null ? Integer.MAX_VALUE : count("max", max),
                offset == null ? 0 : count("offset", offset));
    }

    <T> List<T> slice(List<T> all) {
        if (offset >= all.size()) {
            return List.of();
        }
        return all.subList(offset, (int) Math.min(all.size(), (long) offset + max));
    }

    static int count(String name, String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n < 0) {
                throw ApiError.badRequest(name + " must be 0 or more, not " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(name + " must be a whole number, not '" + shorten(value) + "'");
        }
    }

    static String shorten(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "..." : value;
    }
}
