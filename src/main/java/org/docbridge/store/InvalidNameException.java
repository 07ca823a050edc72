package org.docbridge.store;

/** A name for a new or renamed item breaks {@link ItemNames}' rule; the message says which. */
public class InvalidNameException extends StoreException {

    public InvalidNameException(String message) {
        super(message);
    }
}
