package org.docbridge.actions.builtin;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import org.docbridge.access.Access;
import org.docbridge.access.Level;
import org.docbridge.actions.ActionFailure;
import org.docbridge.actions.ActionHandler;
import org.docbridge.actions.ActionRequest;
import org.docbridge.actions.ActionResult;
import org.docbridge.store.DocumentStore;
import org.docbridge.store.Item;
import org.docbridge.store.NoSuchItemException;
import org.docbridge.writes.Placement;

/**
 * {@code copy}: copies the document into the folder {@code docbridge.action.<name>.target-folder} names
 * (for example a publication share), created if missing, under its name or as
 * {@code docbridge.name-conflict} says (a name the rules for new names refuse, from a file made outside
 * docbridge, is made valid). The copy appears complete or not at all. Needs read access to the
 * document; the target folder must not be locked. Files only.
 */
// no transaction: a handler works on files and other systems, and may outlast a transaction timeout
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
@Stateless
@Named("copy")
public class CopyHandler implements ActionHandler {

    @Inject
    DocumentStore store;

    @Inject
    Placement placement;

    @Inject
    Access access;

    @Override
    public ActionResult run(ActionRequest request) throws ActionFailure {
        Item item = request.item();
        if (item.folder()) {
            throw new ActionFailure("'" + item.name() + "' is a folder; copy works on documents");
        }
        String target = TargetFolder.resolve(store, access, request);
        Item copy;
        try (DocumentStore.Content content = store.open(item.id());
                InputStream in = Channels.newInputStream(content.channel())) {
            // a lock placed on the target folder meanwhile holds
            copy = placement.create(target, item.name(), in, () -> TargetFolder.requireUnlocked(access, target, request));
        } catch (NoSuchItemException e) {
            throw new ActionFailure("'" + item.name() + "' or the target folder was deleted while it was being copied");
        } catch (IOException e) {
            throw new ActionFailure("'" + item.name() + "' could not be copied (is the disk full?); nothing was left behind",
                    e);
        }
        return ActionResult.success(copy.name().equals(item.name()) ? "copied" : "copied as '" + copy.name() + "'");
    }

    @Override
    public Level requires() {
        return Level.READ;
    }

    @Override
    public boolean changesDocument() {
        return false;
    }
}
