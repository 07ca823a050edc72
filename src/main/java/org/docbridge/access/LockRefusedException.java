package org.docbridge.access;

import org.docbridge.store.NotAllowedException;

/**
 * A lock or unlock that docbridge refuses whoever asks (the root; somebody else's lock): answered
 * 403 with this message, like any operation that is never allowed. Not an ApiError, so that the lock
 * list stays usable without a JAX-RS runtime (its unit tests).
 */
public class LockRefusedException extends NotAllowedException {

    public LockRefusedException(String message) {
        super(message);
    }
}
