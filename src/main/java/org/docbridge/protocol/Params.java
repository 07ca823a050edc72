package org.docbridge.protocol;

import org.docbridge.store.DocumentStore;
import org.docbridge.web.ApiError;

/** Checks of the protocol's parameters that several endpoints share. */
final class Params {

    private Params() {
    }

    static String required(String name, String value) {
        if (value == null || value.isEmpty()) {
            throw ApiError.badRequest("missing parameter '" + name + "'");
        }
        return value;
    }

    /** An id parameter; ids longer than any id docbridge issues cannot name anything. */
    static String id(String name, String value) {
        required(name, value);
        if (value.length() > DocumentStore.MAX_ID_LENGTH) {
            throw ApiError.notFound("no document or folder has this id (ids are at most "
                    + DocumentStore.MAX_ID_LENGTH + " characters)");
        }
        return value;
    }

    /** {@code parentId}: missing or {@code /} is the root. */
    static String folderId(String value) {
        return value == null || value.isEmpty() ? DocumentStore.ROOT_ID : id("parentId", value);
    }
}
