package org.docbridge.store;

/** Content longer than the caller allowed; nothing of it was kept. */
public class TooLargeException extends StoreException {

    public TooLargeException(String message) {
        super(message);
    }
}
