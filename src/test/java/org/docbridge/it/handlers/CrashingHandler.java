package org.docbridge.it.handlers;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Named;
import org.docbridge.actions.ActionHandler;
import org.docbridge.actions.ActionRequest;
import org.docbridge.actions.ActionResult;

/** Fails the way a bug does: an exception whose message must never reach the user. */
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
@Stateless
@Named("crash")
public class CrashingHandler implements ActionHandler {

    @Override
    public ActionResult run(ActionRequest request) {
        throw new IllegalStateException("cannot open /srv/secret/records.db with password hunter2");
    }
}
