package org.docbridge.protocol;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.docbridge.access.Access;
import org.docbridge.access.Level;
import org.docbridge.actions.ActionHandler;
import org.docbridge.actions.ActionRequest;
import org.docbridge.actions.ActionResult;
import org.docbridge.actions.ActionRunner;
import org.docbridge.actions.Actions;
import org.docbridge.auth.Users;
import org.docbridge.store.DocumentStore;
import org.docbridge.store.Item;
import org.docbridge.store.NoSuchItemException;
import org.docbridge.web.ApiError;
import org.docbridge.web.Audit;
import org.docbridge.writes.UploadRegistry;

/**
 * /customAction: Workfront's "Document Actions" menu. {@code name} (or {@code action}) picks a
 * configured action; {@code documentVersionId}, then {@code documentId}, name Workfront's document,
 * which docbridge knows from the uploadInit that stored it; docbridge's own {@code id} is accepted
 * for documents that never went through Send To (linked ones). GET as Workfront calls it; POST and
 * PUT also answer.
 */
@Path("customAction")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class ActionsResource {

    @Inject
    Actions actions;

    @Inject
    ActionRunner runner;

    @Inject
    UploadRegistry uploads;

    @Inject
    DocumentStore store;

    @Inject
    Access access;

    @GET
    public Map<String, String> run(@Context SecurityContext security, @QueryParam("name") String name,
            @QueryParam("action") String alias, @QueryParam("documentId") String documentId,
            @QueryParam("documentVersionId") String documentVersionId, @QueryParam("id") String id) {
        String user = Users.name(security);
        String actionName = actionName(name, alias);
        Audit audit = Audit.of(user, "customAction").with("action", actionName).with("documentId", documentId)
                .with("documentVersionId", documentVersionId);
        Actions.Action action;
        Item item;
        try {
            action = actions.find(actionName).orElseThrow(() -> ApiError.notFound("there is no custom action '"
                    + actionName + "' on this server; an administrator may have removed it (refresh the integration"
                    + " in Workfront's setup)"));
            item = store.get(itemId(documentId, documentVersionId, id));
            audit.with("id", item.id()).with("name", item.name());
            ActionHandler handler = action.handler();
            Level level = handler.changesDocument() ? access.level(user, item.id()) : access.ruleLevel(user, item.id());
            if (!level.allows(handler.requires())) {
                access.require(user, item.id(), handler.requires()); // the matching 403 message
                throw ApiError.forbidden("you may not run '" + action.displayName() + "' on this document");
            }
            if (handler.changesDocument() && item.folder() && handler.requires() == Level.WRITE) {
                access.requireUnpinned(item.id());
            }
        } catch (ApiError e) {
            audit.failed(e.userMessage());
            throw e;
        } catch (NoSuchItemException e) {
            audit.failed(e.getMessage());
            throw ApiError.notFound("this document is no longer in docbridge's store (it was deleted)");
        }
        ActionRequest request = new ActionRequest(action.name(), documentId, documentVersionId, item, user,
                action.settings());
        ActionResult result = runner.run(action, request, audit);
        Map<String, String> answer = new LinkedHashMap<>();
        answer.put("status", "success");
        if (result.message() != null && !result.message().isBlank()) {
            answer.put("message", result.message());
        }
        return answer;
    }

    @POST
    public Map<String, String> runByPost(@Context SecurityContext security, @QueryParam("name") String name,
            @QueryParam("action") String alias, @QueryParam("documentId") String documentId,
            @QueryParam("documentVersionId") String documentVersionId, @QueryParam("id") String id) {
        return run(security, name, alias, documentId, documentVersionId, id);
    }

    @PUT
    public Map<String, String> runByPut(@Context SecurityContext security, @QueryParam("name") String name,
            @QueryParam("action") String alias, @QueryParam("documentId") String documentId,
            @QueryParam("documentVersionId") String documentVersionId, @QueryParam("id") String id) {
        return run(security, name, alias, documentId, documentVersionId, id);
    }

    /** {@code name}, or its alias {@code action}; both naming different actions is an error. */
    private static String actionName(String name, String alias) {
        boolean hasName = name != null && !name.isEmpty();
        boolean hasAlias = alias != null && !alias.isEmpty();
        if (hasName && hasAlias && !name.equals(alias)) {
            throw ApiError.badRequest("'name' and 'action' name different actions; give one");
        }
        if (!hasName && !hasAlias) {
            throw ApiError.badRequest("missing parameter 'name'");
        }
        return hasName ? name : alias;
    }

    /** Workfront's ids through the uploadInit mapping, by version first; else docbridge's own id. */
    private String itemId(String documentId, String documentVersionId, String id) {
        String wfVersion = blankToNull(documentVersionId);
        String wfDocument = blankToNull(documentId);
        if (wfVersion != null || wfDocument != null) {
            var mapped = uploads.itemFor(wfDocument, wfVersion);
            if (mapped.isPresent()) {
                return mapped.get();
            }
            if (blankToNull(id) == null) {
                throw ApiError.notFound("docbridge does not know this Workfront document: only documents sent to"
                        + " docbridge with Send To... can run its actions");
            }
        }
        if (blankToNull(id) == null) {
            throw ApiError.badRequest("missing parameter 'documentId' (or docbridge's 'id')");
        }
        return Params.id("id", id);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
