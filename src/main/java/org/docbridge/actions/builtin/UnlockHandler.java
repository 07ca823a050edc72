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
 * {@code unlock}: lifts a {@code lock}. Needs the write access the access rules give, lock aside, and
 * to be the user who locked the item or a lock administrator ({@code docbridge.locks.admin-group}).
 */
// no transaction: a handler works on files and other systems, and may outlast a transaction timeout
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
@Stateless
@Named("unlock")
public class UnlockHandler implements ActionHandler {

    @Inject
    Locks locks;

    @Inject
    DocumentStore store;

    @Inject
    Access access;

    @Override
    public ActionResult run(ActionRequest request) {
        String id = access.realId(request.item().id());
        boolean changed = store.exclusively(() -> locks.unlock(id, request.user()));
        return ActionResult.success(changed ? "'" + request.item().name() + "' is unlocked"
                : "'" + request.item().name() + "' was not locked");
    }

    @Override
    public boolean changesDocument() {
        return false;
    }
}
