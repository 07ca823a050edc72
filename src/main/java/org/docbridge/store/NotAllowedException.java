package org.docbridge.store;

/** An operation the store never does, such as deleting the root or moving a folder into itself. */
public class NotAllowedException extends StoreException {

    public NotAllowedException(String message) {
        super(message);
    }
}
