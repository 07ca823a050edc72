package org.docbridge.protocol;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.logging.Logger;
import jakarta.ws.rs.core.SecurityContext;
import org.docbridge.access.Access;
import org.docbridge.access.Level;
import org.docbridge.auth.Users;
import org.docbridge.store.DocumentStore;
import org.docbridge.store.Item;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Browsing: /metadata, /files, /search. */
@Path("")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class DocumentsResource {

    private static final Logger LOG = Logger.getLogger(DocumentsResource.class.getName());

    @Inject
    DocumentStore store;

    @Inject
    DocumentViews views;

    @Inject
    Access access;

    @Inject
    @ConfigProperty(name = "docbridge.search.max-results", defaultValue = "10000")
    int searchLimit;

    // Each read endpoint also answers POST: the container refuses a GET that carries a body, and
    // some clients send the parameters as a form body.

    @GET
    @Path("metadata")
    public DocumentJson metadata(@Context UriInfo uri, @Context SecurityContext security, @QueryParam("id") String id) {
        String user = Users.name(security);
        Item item = store.get(Params.id("id", id));
        Level level = access.require(user, item.id(), Level.READ);
        return views.view(item, views.linkBase(uri), level != Level.WRITE);
    }

    @POST
    @Path("metadata")
    public DocumentJson metadataByPost(@Context UriInfo uri, @Context SecurityContext security, @QueryParam("id") String id) {
        return metadata(uri, security, id);
    }

    @GET
    @Path("files")
    public List<DocumentJson> files(@Context UriInfo uri, @Context SecurityContext security, @QueryParam("parentId") String parentId,
            @QueryParam("max") String max, @QueryParam("offset") String offset) {
        String user = Users.name(security);
        Paging paging = Paging.of(max, offset);
        String folderId = Params.folderId(parentId);
        access.require(user, folderId, Level.READ);
        List<Item> children = store.children(folderId);
        return views.page(access.visibleChildren(user, folderId, children), paging, views.linkBase(uri));
    }

    @POST
    @Path("files")
    public List<DocumentJson> filesByPost(@Context UriInfo uri, @Context SecurityContext security, @QueryParam("parentId") String parentId,
            @QueryParam("max") String max, @QueryParam("offset") String offset) {
        return files(uri, security, parentId, max, offset);
    }

    @POST
    @Path("search")
    public List<DocumentJson> searchByPost(@Context UriInfo uri, @Context SecurityContext security, @QueryParam("query") String query,
            @QueryParam("parentId") String parentId, @QueryParam("max") String max, @QueryParam("offset") String offset) {
        return search(uri, security, query, parentId, max, offset);
    }

    @GET
    @Path("search")
    public List<DocumentJson> search(@Context UriInfo uri, @Context SecurityContext security, @QueryParam("query") String query,
            @QueryParam("parentId") String parentId, @QueryParam("max") String max, @QueryParam("offset") String offset) {
        String user = Users.name(security);
        String text = Params.required("query", query).strip();
        if (text.isEmpty()) {
            throw org.docbridge.web.ApiError.badRequest("the search query is empty");
        }
        Paging paging = Paging.of(max, offset);
        String scope = Params.folderId(parentId);
        access.require(user, scope, Level.READ);
        List<Item> found = store.search(scope, text, searchLimit);
        if (found.size() >= searchLimit) {
            LOG.warning(() -> "A search matched more than docbridge.search.max-results (" + searchLimit
                    + ") items; the answer holds the first ones found, not all. Narrow the query or raise the limit.");
        }
        return views.page(access.visible(user, found), paging, views.linkBase(uri));
    }
}
