package org.docbridge.it.handlers;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.docbridge.actions.ActionFailure;
import org.docbridge.actions.ActionHandler;
import org.docbridge.actions.ActionRequest;
import org.docbridge.actions.ActionResult;
import org.docbridge.store.DocumentStore;

/** Works for a while, then leaves a marker file beside the document; configured asynchronous. */
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
@Stateless
@Named("background")
public class BackgroundHandler implements ActionHandler {

    @Inject
    DocumentStore store;

    @Override
    public ActionResult run(ActionRequest request) throws ActionFailure {
        try {
            Thread.sleep(1500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ActionFailure("stopped");
        }
        store.createFile(store.parentId(request.item().id()), request.item().name() + ".processed");
        return ActionResult.success("processed");
    }
}
