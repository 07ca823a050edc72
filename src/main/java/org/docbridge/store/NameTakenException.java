package org.docbridge.store;

/** The folder already holds an item by that name. */
public class NameTakenException extends StoreException {

    public NameTakenException(String message) {
        super(message);
    }
}
