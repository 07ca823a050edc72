package org.docbridge.store;

import org.docbridge.state.Database;

/**
 * The disk under the documents or under docbridge's own state is full: answered 507 Insufficient
 * Storage. Nothing was changed; the same request succeeds once an administrator frees space.
 */
public class StoreFullException extends StoreException {

    public static final String MESSAGE = "the server's disk is full; nothing was changed. An administrator must free"
            + " space on the disk of the documents (docbridge.store.root) or of docbridge's data folder"
            + " (docbridge.data-dir); then send it again";

    /** Causes are followed this deep at most: some drivers chain an exception to itself. */
    private static final int DEPTH = 16;

    public StoreFullException(Throwable cause) {
        super(MESSAGE, cause);
    }

    /**
     * Whether {@code failure}, or one of its causes, says the disk is full: this exception, or the
     * operating system's "no space left" ({@link Database#diskFull}).
     */
    public static boolean causedBy(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < DEPTH; depth++, t = t.getCause()) {
            if (t instanceof StoreFullException) {
                return true;
            }
        }
        return Database.diskFull(failure);
    }
}
