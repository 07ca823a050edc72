package org.docbridge.store;

/** No item has this id, or it is outside what the store serves. */
public class NoSuchItemException extends StoreException {

    public NoSuchItemException(String message) {
        super(message);
    }
}
