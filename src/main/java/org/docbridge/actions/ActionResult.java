package org.docbridge.actions;

/** A successful run, with an optional message for the user (null for none). */
public record ActionResult(String message) {

    public static ActionResult success() {
        return new ActionResult(null);
    }

    public static ActionResult success(String message) {
        return new ActionResult(message);
    }
}
