package org.docbridge.writes;

import org.docbridge.store.NotAllowedException;

/**
 * A name the acting user may not give a new item in a folder (403): their access there does not let
 * them use it. Thrown without a JAX-RS runtime, so that the write path can be tested alone.
 */
public class UnusableNameException extends NotAllowedException {

    private UnusableNameException(String message) {
        super(message);
    }

    /**
     * The one answer for a name the user may not use because of something they may not see: a rule
     * that hides the name, or a hidden item holding it. It says no more than that the name cannot be had.
     */
    public static UnusableNameException hidden() {
        return new UnusableNameException("this name is not available to you in this folder; choose another name");
    }

    /** A new file the user could read but not write: an upload could never fill it. */
    public static UnusableNameException readOnly() {
        return new UnusableNameException("an access rule lets you read but not write an item by this name here, so an"
                + " upload could never fill it; choose another name");
    }
}
