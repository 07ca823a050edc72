package org.docbridge.actions;

/**
 * A run that failed for a reason the user can understand and perhaps fix. Its message is shown in
 * Workfront as is: say what went wrong and what to do, never a path, a stack trace or a secret.
 */
public class ActionFailure extends Exception {

    public ActionFailure(String userMessage) {
        super(userMessage);
    }

    public ActionFailure(String userMessage, Throwable cause) {
        super(userMessage, cause);
    }
}
