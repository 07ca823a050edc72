package org.docbridge.actions.builtin;

import java.util.List;
import org.docbridge.access.Access;
import org.docbridge.actions.ActionFailure;
import org.docbridge.actions.ActionRequest;
import org.docbridge.store.DocumentStore;
import org.docbridge.store.InvalidNameException;
import org.docbridge.store.Item;
import org.docbridge.store.ItemNames;
import org.docbridge.store.NameTakenException;

/** The folder an action's {@code target-folder} setting names by path, created if missing. */
final class TargetFolder {

    private TargetFolder() {
    }

    /** The id of the folder at the configured path ({@code /Archive/2024}), creating what is missing. */
    static String resolve(DocumentStore store, Access access, ActionRequest request) throws ActionFailure {
        String setting = request.settings().key("target-folder");
        String path = request.settings().required("target-folder");
        String folderId = DocumentStore.ROOT_ID;
        for (String part : path.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            String name;
            try {
                name = ItemNames.check(part);
            } catch (InvalidNameException e) {
                throw new ActionFailure("the action '" + request.action() + "' is not configured correctly: " + setting
                        + " holds a name docbridge cannot use ('" + part + "': " + e.getMessage() + ")");
            }
            folderId = child(store, access, folderId, name, setting, request);
        }
        requireUnlocked(access, folderId, request);
        return folderId;
    }

    /** A locked target folder takes nothing in, by actions as by uploads. */
    static void requireUnlocked(Access access, String folderId, ActionRequest request) {
        if (access.isLocked(folderId)) {
            throw org.docbridge.web.ApiError.forbidden("the target folder of '" + request.action()
                    + "' is locked; unlock it first");
        }
    }

    private static String child(DocumentStore store, Access access, String folderId, String name, String setting,
            ActionRequest request) throws ActionFailure {
        String action = request.action();
        for (int attempt = 0; attempt < 2; attempt++) {
            List<Item> children = store.children(folderId);
            for (Item child : children) {
                if (child.name().equals(name)) {
                    if (!child.folder()) {
                        throw new ActionFailure("the action '" + action + "' is not configured correctly: " + setting
                                + " names '" + name + "', which is a file, not a folder");
                    }
                    return child.id();
                }
            }
            requireUnlocked(access, folderId, request); // a locked folder takes no new folder either
            try {
                String parent = folderId;
                return store.createFolder(folderId, name, () -> requireUnlocked(access, parent, request)).id();
            } catch (NameTakenException raced) {
                // created by a parallel run meanwhile: list again
            }
        }
        throw new ActionFailure("the target folder '" + name + "' could not be created; try again");
    }
}
