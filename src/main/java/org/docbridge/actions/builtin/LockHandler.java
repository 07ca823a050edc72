package org.docbridge.actions.builtin;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.docbridge.access.Access;
import org.docbridge.access.Locks;
import org.docbridge.actions.ActionHandler;
import org.docbridge.actions.ActionRequest;
import org.docbridge.actions.ActionResult;

/**
 * {@code lock}: makes the document (a folder: with everything in it) read-only for every user through
 * docbridge until {@code unlock}: {@code readOnly} shows it and every write answers 403. Needs write
 * access to the document; the root cannot be locked (403), since that would freeze the whole store.
 */
// no transaction: a handler works on files and other systems, and may outlast a transaction timeout
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
@Stateless
@Named("lock")
public class LockHandler implements ActionHandler {

    @Inject
    Locks locks;

    @Inject
    Access access;

    @Override
    public ActionResult run(ActionRequest request) {
        boolean changed = locks.lock(access.realId(request.item().id()), request.user());
        return ActionResult.success(changed ? "'" + request.item().name() + "' is locked"
                : "'" + request.item().name() + "' was already locked");
    }

    @Override
    public boolean changesDocument() {
        return false;
    }
}
