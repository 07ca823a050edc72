package org.docbridge.store;

/** A store operation that could not be done; subclasses say why in terms the caller can act on. */
public class StoreException extends RuntimeException {

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
