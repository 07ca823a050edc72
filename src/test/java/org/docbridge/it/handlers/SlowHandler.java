package org.docbridge.it.handlers;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Named;
import org.docbridge.access.Level;
import org.docbridge.actions.ActionFailure;
import org.docbridge.actions.ActionHandler;
import org.docbridge.actions.ActionRequest;
import org.docbridge.actions.ActionResult;

/** Takes far longer than its configured timeout. */
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
@Stateless
@Named("slow")
public class SlowHandler implements ActionHandler {

    @Override
    public ActionResult run(ActionRequest request) throws ActionFailure {
        try {
            Thread.sleep(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ActionFailure("stopped");
        }
        return ActionResult.success();
    }

    @Override
    public Level requires() {
        return Level.READ;
    }
}
