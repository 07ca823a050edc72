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
    @ConfigProperty(name = "docbridge.search.max-results", defaultValue = "10000")
    int searchLimit;

    // Each read endpoint also answers POST: the container refuses a GET that carries a body, and
    // some clients send the parameters as a form body.

    @GET
    @Path("metadata")
    public DocumentJson metadata(@Context UriInfo uri, @QueryParam("id") String id) {
        return views.view(store.get(Params.id("id", id)), views.linkBase(uri));
    }

    @POST
    @Path("metadata")
    public DocumentJson metadataByPost(@Context UriInfo uri, @QueryParam("id") String id) {
        return metadata(uri, id);
    }

    @GET
    @Path("files")
    public List<DocumentJson> files(@Context UriInfo uri, @QueryParam("parentId") String parentId, @QueryParam("max") String max,
            @QueryParam("offset") String offset) {
        Paging paging = Paging.of(max, offset);
        return views.page(store.children(Params.folderId(parentId)), paging, views.linkBase(uri));
    }

    @POST
    @Path("files")
    public List<DocumentJson> filesByPost(@Context UriInfo uri, @QueryParam("parentId") String parentId, @QueryParam("max") String max,
            @QueryParam("offset") String offset) {
        return files(uri, parentId, max, offset);
    }

    @POST
    @Path("search")
    public List<DocumentJson> searchByPost(@Context UriInfo uri, @QueryParam("query") String query, @QueryParam("parentId") String parentId,
            @QueryParam("max") String max, @QueryParam("offset") String offset) {
        return search(uri, query, parentId, max, offset);
    }

    @GET
    @Path("search")
    public List<DocumentJson> search(@Context UriInfo uri, @QueryParam("query") String query, @QueryParam("parentId") String parentId,
            @QueryParam("max") String max, @QueryParam("offset") String offset) {
        String text = Params.required("query", query).strip();
        if (text.isEmpty()) {
            throw org.docbridge.web.ApiError.badRequest("the search query is empty");
        }
        Paging paging = Paging.of(max, offset);
        List<Item> found = store.search(Params.folderId(parentId), text, searchLimit);
        if (found.size() >= searchLimit) {
            LOG.warning(() -> "A search matched more than docbridge.search.max-results (" + searchLimit
                    + ") items; the answer holds the first ones found, not all. Narrow the query or raise the limit.");
        }
        return views.page(found, paging, views.linkBase(uri));
    }
}
