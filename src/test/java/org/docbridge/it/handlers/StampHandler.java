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
import org.docbridge.store.Item;

/** Renames the document with a suffix from its own setting: "contract.pdf" becomes "contract-approved.pdf". */
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
@Stateless
@Named("stamp")
public class StampHandler implements ActionHandler {

    @Inject
    DocumentStore store;

    @Override
    public ActionResult run(ActionRequest request) throws ActionFailure {
        String suffix = request.settings().required("suffix");
        Item item = request.item();
        int dot = item.name().lastIndexOf('.');
        String stamped = dot > 0 ? item.name().substring(0, dot) + suffix + item.name().substring(dot)
                : item.name() + suffix;
        store.rename(item.id(), stamped);
        return ActionResult.success("stamped as " + stamped + " by " + request.user());
    }
}
