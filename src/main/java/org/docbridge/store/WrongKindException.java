package org.docbridge.store;

/** The item exists but is a file where a folder is needed, or the other way round. */
public class WrongKindException extends StoreException {

    private final boolean folderExpected;

    public WrongKindException(String message, boolean folderExpected) {
        super(message);
        this.folderExpected = folderExpected;
    }

    /** Whether the operation wanted a folder (and got a file). */
    public boolean folderExpected() {
        return folderExpected;
    }
}
