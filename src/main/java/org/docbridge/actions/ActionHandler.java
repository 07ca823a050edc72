package org.docbridge.actions;

import org.docbridge.access.Level;

/**
 * What a custom action does. Implement it as a stateless EJB named for configuration:
 *
 * <pre>
 * &#64;Stateless
 * &#64;Named("stamp")
 * public class StampHandler implements ActionHandler {
 *     &#64;Override
 *     public ActionResult run(ActionRequest request) throws ActionFailure {
 *         ...
 *         return ActionResult.success("stamped");
 *     }
 * }
 * </pre>
 *
 * and enable it with {@code docbridge.actions=stamp}. docbridge has already checked the acting user's
 * access to the document (see {@link #requires()}) before {@code run} is called, and bounds how long
 * it may take ({@code docbridge.action.<name>.timeout}).
 */
public interface ActionHandler {

    /**
     * Runs the action on one document. Answer a failure the user should read by throwing
     * {@link ActionFailure} with that message; any other exception is reported as an internal error
     * with a reference to the server log.
     */
    ActionResult run(ActionRequest request) throws ActionFailure;

    /** What the acting user must be allowed to do with the document: {@link Level#WRITE} by default. */
    default Level requires() {
        return Level.WRITE;
    }

    /**
     * Whether the action changes the document itself (moves, renames, rewrites it): such an action
     * is refused on a locked document. True by default.
     */
    default boolean changesDocument() {
        return true;
    }
}
