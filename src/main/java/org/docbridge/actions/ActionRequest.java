package org.docbridge.actions;

import org.docbridge.store.Item;

/**
 * One run of a custom action.
 *
 * @param action            the action's configured name (what Workfront sent as {@code name})
 * @param documentId        Workfront's document id, or null if the call did not carry one
 * @param documentVersionId Workfront's document version id, or null
 * @param item              the docbridge item the action is for, as it was when the run started
 * @param user              the acting Workfront user
 * @param settings          the action's own settings, {@code docbridge.action.<name>.<setting>}
 */
public record ActionRequest(String action, String documentId, String documentVersionId, Item item, String user,
        ActionSettings settings) {
}
