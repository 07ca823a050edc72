package org.docbridge.state;

/**
 * The state database failed. {@link #unavailable()} when it cannot be reached (answered 503: the
 * call may be repeated once it is back); otherwise it refused the statement (a 500). Either way the
 * transaction was rolled back: nothing of the call was kept.
 */
public class StateException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean unavailable;

    public StateException(String message, boolean unavailable, Throwable cause) {
        super(message, cause);
        this.unavailable = unavailable;
    }

    public boolean unavailable() {
        return unavailable;
    }
}
