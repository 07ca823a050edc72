package org.docbridge.protocol;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import jakarta.ws.rs.core.SecurityContext;
import org.docbridge.access.Access;
import org.docbridge.auth.Users;
import org.docbridge.content.FileResponses;
import org.docbridge.content.Thumbnails;
import org.docbridge.store.DocumentStore;
import org.docbridge.store.Item;
import org.docbridge.store.WrongKindException;
import org.docbridge.web.ApiError;

/**
 * A document's bytes: /download (server to server) and /thumbnail (Workfront's side panel).
 * Like the browsing endpoints, both also answer POST with a form body.
 */
@Path("")
@ApplicationScoped
public class ContentResource {

    /** Private: what a user may see is checked per request. A browser keeps a thumbnail five minutes, then asks with If-None-Match. */
    private static final String CACHE_CONTROL = "private, max-age=300";

    @Inject
    DocumentStore store;

    @Inject
    Thumbnails thumbnails;

    @Inject
    Access access;

    @GET
    @Path("download")
    public Response download(@Context HttpHeaders headers, @Context SecurityContext security, @QueryParam("id") String id) {
        Item item = file(access.readable(Users.name(security), Params.id("id", id)));
        return FileResponses.of(store, item, FileResponses.Disposition.ATTACHMENT, headers);
    }

    @POST
    @Path("download")
    public Response downloadByPost(@Context HttpHeaders headers, @Context SecurityContext security, @QueryParam("id") String id) {
        return download(headers, security, id);
    }

    @POST
    @Path("thumbnail")
    public Response thumbnailByPost(@Context HttpHeaders headers, @Context SecurityContext security,
            @QueryParam("id") String id, @QueryParam("size") String size) throws IOException {
        return thumbnail(null, security, id, size); // conditional headers are for GET (RFC 9110, 13.1.2)
    }

    @GET
    @Path("thumbnail")
    public Response thumbnail(@Context HttpHeaders headers, @Context SecurityContext security,
            @QueryParam("id") String id, @QueryParam("size") String size) throws IOException {
        int width = size == null || size.isEmpty() ? Thumbnails.DEFAULT_WIDTH : Paging.count("size", size);
        if (width == 0) {
            throw ApiError.badRequest("size must be at least 1");
        }
        Item item = file(access.readable(Users.name(security), Params.id("id", id)));
        int clamped = Math.min(width, Thumbnails.MAX_WIDTH);
        if (headers != null && thumbnails.notModified(headers.getHeaderString(HttpHeaders.IF_NONE_MATCH), item, clamped)) {
            return Response.notModified().header(HttpHeaders.ETAG, thumbnails.etag(item, clamped))
                    .header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL).build();
        }
        try {
            Thumbnails.Thumbnail thumbnail = thumbnails.render(store, item, clamped);
            return Response.ok(thumbnail.png(), "image/png")
                    .header(HttpHeaders.ETAG, thumbnail.etag())
                    .header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL)
                    .build();
        } catch (Thumbnails.Refused e) {
            throw ApiError.notFound("no thumbnail: " + e.getMessage());
        }
    }

    private static Item file(Item item) {
        if (item.folder()) {
            throw new WrongKindException("the item is a folder, not a file", false);
        }
        return item;
    }
}
