package org.docbridge.actions.builtin;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.docbridge.access.Access;
import org.docbridge.actions.ActionFailure;
import org.docbridge.actions.ActionHandler;
import org.docbridge.actions.ActionRequest;
import org.docbridge.actions.ActionResult;
import org.docbridge.store.DocumentStore;
import org.docbridge.store.Item;
import org.docbridge.writes.Placement;

/**
 * {@code archive}: moves the document (or folder) into the folder {@code docbridge.action.<name>.target-folder}
 * names by path from the store's root, creating it if missing. Its id, and every id below it, keep
 * working; a name in use there is handled by {@code docbridge.name-conflict}. Makes the checks a
 * rename makes (write access, not named by an access rule, nothing locked inside); the target folder
 * is the administrator's choice, so the user needs no access to it, but it must not be locked.
 */
// no transaction: a handler works on files and other systems, and may outlast a transaction timeout
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
@Stateless
@Named("archive")
public class ArchiveHandler implements ActionHandler {

    @Inject
    DocumentStore store;

    @Inject
    Placement placement;

    @Inject
    Access access;

    @Override
    public ActionResult run(ActionRequest request) throws ActionFailure {
        Item item = request.item();
        String target = TargetFolder.resolve(store, access, request);
        if (target.equals(store.parentId(item.id()))) {
            return ActionResult.success("'" + item.name() + "' is already in the archive folder");
        }
        for (String at = target; at != null; at = store.parentId(at)) {
            if (at.equals(item.id())) {
                throw new ActionFailure("'" + item.name() + "' holds the archive folder; it cannot be archived into itself");
            }
        }
        // the checks a rename or delete makes, again under the store's write lock where the move
        // happens, so that a lock placed meanwhile holds
        Runnable check = () -> {
            access.requireMovable(request.user(), item.id());
            TargetFolder.requireUnlocked(access, target, request);
        };
        check.run();
        Item moved = placement.move(item, target, check);
        return ActionResult.success(moved.name().equals(item.name()) ? "archived"
                : "archived as '" + moved.name() + "'");
    }
}
