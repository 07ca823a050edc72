package org.docbridge.links;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.docbridge.content.FileResponses;
import org.docbridge.store.DocumentStore;
import org.docbridge.store.Item;
import org.docbridge.web.ApiError;

/** Opens a document from a signed {@code viewLink} (inline) or {@code downloadLink} (attachment). */
@Path("")
@ApplicationScoped
public class LinkResource {

    @Inject
    LinkSigner signer;

    @Inject
    DocumentStore store;

    @GET
    @Path("view/{id}")
    public Response view(@Context HttpHeaders headers, @PathParam("id") String id, @QueryParam("expires") String expires,
            @QueryParam("signature") String signature) {
        return serve(headers, LinkSigner.Purpose.VIEW, id, expires, signature, FileResponses.Disposition.INLINE);
    }

    @GET
    @Path("download/{id}")
    public Response download(@Context HttpHeaders headers, @PathParam("id") String id, @QueryParam("expires") String expires,
            @QueryParam("signature") String signature) {
        return serve(headers, LinkSigner.Purpose.DOWNLOAD, id, expires, signature, FileResponses.Disposition.ATTACHMENT);
    }

    private Response serve(HttpHeaders headers, LinkSigner.Purpose purpose, String id, String expires, String signature,
            FileResponses.Disposition disposition) {
        switch (signer.check(purpose, id, expires, signature)) {
            case EXPIRED -> throw ApiError.forbidden("this link has expired; open the document from Workfront again");
            case INVALID -> throw ApiError.forbidden("this link is not valid");
            default -> {
            }
        }
        Item item = store.get(id);
        if (item.folder()) {
            throw ApiError.notFound("the item is a folder, not a file");
        }
        return FileResponses.of(store, item, disposition, headers);
    }
}
