package org.docbridge.protocol;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import org.docbridge.access.Access;
import org.docbridge.auth.Users;
import org.docbridge.store.DocumentStore;
import org.docbridge.store.Item;
import org.docbridge.store.NameTakenException;
import org.docbridge.web.ApiError;
import org.docbridge.web.Audit;
import org.docbridge.writes.FolderView;
import org.docbridge.writes.Placement;
import org.docbridge.writes.UnusableNameException;
import org.docbridge.writes.UploadRegistry;

/**
 * The write endpoints that change the tree: /createFolder, /delete, /rename ("Send To…" is
 * {@link SendToResource}). Every one checks the acting user's access, and writes one audit line
 * whatever the outcome.
 */
@Path("")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class WritesResource {

    @Inject
    DocumentStore store;

    @Inject
    DocumentViews views;

    @Inject
    Access access;

    @Inject
    UploadRegistry uploads;

    @Inject
    Placement placement;

    // --- createFolder --------------------------------------------------------------------------

    @POST
    @Path("createFolder")
    public DocumentJson createFolder(@Context UriInfo uri, @Context SecurityContext security,
            @QueryParam("parentId") String parentId, @QueryParam("name") String name) {
        String user = Users.name(security);
        String folderId = Params.folderId(parentId);
        Audit audit = Audit.of(user, "createFolder").with("parent", folderId).with("name", name);
        return WriteSupport.audited(audit, () -> {
            String checked = WriteSupport.name("name", name);
            access.require(user, folderId, org.docbridge.access.Level.WRITE);
            Item item = placement.create(folderId, checked, true, FolderView.of(access, store, user, folderId),
                    () -> access.require(user, folderId, org.docbridge.access.Level.WRITE));
            audit.with("id", item.id()).with("stored-as", item.name().equals(checked) ? null : item.name());
            return WriteSupport.created(access, views, uri, user, item);
        });
    }

    @PUT
    @Path("createFolder")
    public DocumentJson createFolderByPut(@Context UriInfo uri, @Context SecurityContext security,
            @QueryParam("parentId") String parentId, @QueryParam("name") String name) {
        return createFolder(uri, security, parentId, name);
    }

    // --- delete --------------------------------------------------------------------------------

    @PUT
    @Path("delete")
    public Map<String, String> delete(@Context SecurityContext security, @QueryParam("id") String id,
            @QueryParam("documentId") String documentId, @QueryParam("folderId") String folderId) {
        String user = Users.name(security);
        String target = oneOf(id, documentId, folderId);
        Audit audit = Audit.of(user, "delete").with("id", target);
        return WriteSupport.audited(audit, () -> {
            Item item = store.get(target);
            audit.with("name", item.name()).with("kind", item.folder() ? "folder" : "file");
            access.requireMovable(user, target);
            store.delete(target, () -> access.requireMovable(user, target));
            uploads.forget(target);
            return Map.of("status", "success");
        });
    }

    @POST
    @Path("delete")
    public Map<String, String> deleteByPost(@Context SecurityContext security, @QueryParam("id") String id,
            @QueryParam("documentId") String documentId, @QueryParam("folderId") String folderId) {
        return delete(security, id, documentId, folderId);
    }

    @DELETE
    @Path("delete")
    public Map<String, String> deleteByDelete(@Context SecurityContext security, @QueryParam("id") String id,
            @QueryParam("documentId") String documentId, @QueryParam("folderId") String folderId) {
        return delete(security, id, documentId, folderId);
    }

    /** /delete names its item by id, documentId or folderId; naming two different ones is an error. */
    private static String oneOf(String id, String documentId, String folderId) {
        String chosen = null;
        for (String value : new String[] {id, documentId, folderId}) {
            if (value == null || value.isEmpty()) {
                continue;
            }
            if (chosen != null && !chosen.equals(value)) {
                throw ApiError.badRequest("give the item to delete once: id, documentId and folderId name different items");
            }
            chosen = value;
        }
        if (chosen == null) {
            throw ApiError.badRequest("missing parameter 'documentId', 'folderId' or 'id'");
        }
        return Params.id("id", chosen);
    }

    // --- rename --------------------------------------------------------------------------------

    @PUT
    @Path("rename")
    public Map<String, String> rename(@Context SecurityContext security, @QueryParam("id") String id,
            @QueryParam("name") String name) {
        String user = Users.name(security);
        Audit audit = Audit.of(user, "rename").with("id", id).with("name", name);
        return WriteSupport.audited(audit, () -> {
            String target = Params.id("id", id);
            String checked = WriteSupport.name("name", name);
            Item item = store.get(target);
            audit.with("from", item.name());
            if (item.isRoot()) {
                throw ApiError.forbidden("the root folder can be neither renamed nor deleted");
            }
            access.requireMovable(user, target);
            // a clash is answered as the user sees the folder; a name a rule hides from the user is
            // refused like one that a hidden item holds, so that neither tells whether an item is there
            FolderView folder = FolderView.of(access, store, user, store.parentId(target));
            if (folder.levelOfNew(checked) == org.docbridge.access.Level.NONE) {
                throw UnusableNameException.hidden();
            }
            try {
                store.rename(target, checked, () -> access.requireMovable(user, target));
            } catch (NameTakenException taken) {
                throw folder.shows(checked) ? taken : UnusableNameException.hidden();
            }
            return Map.of("status", "success");
        });
    }

    @POST
    @Path("rename")
    public Map<String, String> renameByPost(@Context SecurityContext security, @QueryParam("id") String id,
            @QueryParam("name") String name) {
        return rename(security, id, name);
    }
}
