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
import org.docbridge.store.DocumentStore;

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
    DocumentStore store;

    @Inject
    Access access;

    @Override
    public ActionResult run(ActionRequest request) {
        String id = access.realId(request.item().id());
        // under the store's write lock: a write that checks afterwards sees the lock, and one that
        // checked before has already taken effect (uploads, moves and archives check there too)
        boolean changed = store.exclusively(() -> locks.lock(id, request.user()));
        return ActionResult.success(changed ? "'" + request.item().name() + "' is locked"
                : "'" + request.item().name() + "' was already locked");
    }

    @Override
    public boolean changesDocument() {
        return false;
    }
}
