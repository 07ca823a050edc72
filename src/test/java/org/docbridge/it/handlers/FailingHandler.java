package org.docbridge.it.handlers;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Named;
import org.docbridge.actions.ActionFailure;
import org.docbridge.actions.ActionHandler;
import org.docbridge.actions.ActionRequest;
import org.docbridge.actions.ActionResult;

/** Fails the way a handler should: with a message the user can act on. */
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
@Stateless
@Named("fail")
public class FailingHandler implements ActionHandler {

    @Override
    public ActionResult run(ActionRequest request) throws ActionFailure {
        throw new ActionFailure("the records system refused the document: its retention class is missing");
    }
}
