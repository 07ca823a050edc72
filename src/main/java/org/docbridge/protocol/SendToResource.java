package org.docbridge.protocol;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.docbridge.access.Access;
import org.docbridge.auth.Users;
import org.docbridge.runtime.Settings;
import org.docbridge.store.DocumentStore;
import org.docbridge.store.Item;
import org.docbridge.store.StoreFullException;
import org.docbridge.store.TooLargeException;
import org.docbridge.web.ApiError;
import org.docbridge.web.Audit;
import org.docbridge.writes.BodyFraming;
import org.docbridge.writes.CountingStream;
import org.docbridge.writes.FolderView;
import org.docbridge.writes.Placement;
import org.docbridge.writes.UploadRate;
import org.docbridge.writes.UploadRegistry;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * "Send To…": /uploadInit makes a placeholder and records Workfront's ids, /upload streams the
 * file's content into it. Both check the acting user's access, and write one audit line whatever
 * the outcome.
 */
@Path("")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class SendToResource {

    private static final Logger LOG = Logger.getLogger(SendToResource.class.getName());

    @Inject
    DocumentStore store;

    @Inject
    DocumentViews views;

    @Inject
    Access access;

    @Inject
    UploadRegistry uploads;

    @Inject
    org.docbridge.ops.Metrics metrics;

    @Inject
    Placement placement;

    @Inject
    BodyFraming framing;

    @Inject
    @ConfigProperty(name = "docbridge.upload.max-bytes", defaultValue = "5G")
    String maxBytesSetting;

    @Inject
    @ConfigProperty(name = "docbridge.upload.min-rate", defaultValue = "1K")
    String minRateSetting;

    @Inject
    @ConfigProperty(name = "docbridge.upload.rate-window", defaultValue = "PT60S")
    String rateWindowSetting;

    private volatile long maxBytes;
    private volatile UploadRate minRate;

    @jakarta.annotation.PostConstruct
    void checkSettings() {
        maxBytes = Settings.bytes("docbridge.upload.max-bytes", maxBytesSetting);
        minRate = new UploadRate("0".equals(minRateSetting.trim()) ? 0
                : Settings.bytes("docbridge.upload.min-rate", minRateSetting),
                Settings.duration("docbridge.upload.rate-window", rateWindowSetting));
    }

    /** The upload limit; asked at start by {@code Startup}, so that a wrong setting fails the start. */
    public long maxBytes() {
        return maxBytes;
    }

    // --- uploadInit ----------------------------------------------------------------------------

    @POST
    @Path("uploadInit")
    public DocumentJson uploadInit(@Context UriInfo uri, @Context SecurityContext security,
            @QueryParam("parentId") String parentId, @QueryParam("filename") String filename,
            @QueryParam("documentId") String documentId, @QueryParam("documentVersionId") String documentVersionId) {
        String user = Users.name(security);
        String folderId = Params.folderId(parentId);
        Audit audit = Audit.of(user, "uploadInit").with("parent", folderId).with("name", filename)
                .with("documentId", documentId).with("documentVersionId", documentVersionId);
        return WriteSupport.audited(audit, () -> {
            String name = WriteSupport.name("filename", filename);
            String wfDocument = workfrontId("documentId", documentId);
            String wfVersion = workfrontId("documentVersionId", documentVersionId);
            access.require(user, folderId, org.docbridge.access.Level.WRITE);
            // only a placeholder the user may fill is made (the upload needs write access to it)
            Item item = placement.create(folderId, name, false, FolderView.of(access, store, user, folderId),
                    () -> access.require(user, folderId, org.docbridge.access.Level.WRITE));
            uploads.opened(item.id(), user, wfDocument, wfVersion);
            audit.with("id", item.id()).with("stored-as", item.name().equals(name) ? null : item.name());
            return WriteSupport.created(access, views, uri, user, item);
        });
    }

    // --- upload --------------------------------------------------------------------------------

    @PUT
    @Path("upload")
    @jakarta.ws.rs.Consumes(MediaType.WILDCARD)
    public Map<String, String> upload(@Context SecurityContext security, @Context HttpHeaders headers,
            @QueryParam("id") String id, InputStream body) {
        String user = Users.name(security);
        Audit audit = Audit.of(user, "upload").with("id", id);
        return WriteSupport.audited(audit, () -> {
            String fileId = Params.id("id", id);
            UploadRegistry.Session session = uploads.session(fileId).orElse(null);
            if (session == null) {
                store.get(fileId); // 404 for an id that names nothing
                throw ApiError.badRequest("this id was not made by uploadInit; call uploadInit first, then upload to"
                        + " the id it returns");
            }
            if (!session.user.equals(user)) {
                throw ApiError.forbidden("this upload was started by another user");
            }
            // marked running before the time check, so that expiry cannot remove the placeholder under it
            if (!uploads.started(fileId)) {
                throw sessionEnded();
            }
            Item stored;
            try {
                if (!uploads.isOpen(session, Instant.now())) {
                    throw sessionEnded();
                }
                access.require(user, fileId, org.docbridge.access.Level.WRITE);
                long declared = declaredLength(headers);
                if (declared > maxBytes) {
                    throw new TooLargeException(tooLarge());
                }
                // checked again where the content lands: a lock placed, or a move into a folder the
                // user may only read, while the body arrived refuses it there
                stored = receive(fileId, body, declared, audit,
                        () -> access.require(user, fileId, org.docbridge.access.Level.WRITE));
                uploads.completed(fileId, stored.size());
                metrics.uploaded(stored.size());
            } finally {
                uploads.finished(fileId);
            }
            audit.with("name", stored.name()).with("bytes", stored.size());
            return Map.of("result", "success");
        });
    }

    private ApiError sessionEnded() {
        return ApiError.badRequest("the upload session for this id ended (docbridge.upload.session-ttl is "
                + uploads.ttl() + "); send the document again");
    }

    /** Streams the body into the file; the answer says whose side failed. */
    private Item receive(String fileId, InputStream body, long declared, Audit audit, Runnable check) {
        CountingStream counted = new CountingStream(body, declared, minRate);
        try {
            return store.replaceContent(fileId, counted, maxBytes, check);
        } catch (TooLargeException e) {
            throw new TooLargeException(tooLarge());
        } catch (CountingStream.TooSlow e) {
            audit.with("bytes", counted.count());
            throw new ApiError(408, "the upload was cut off after " + counted.count() + " bytes: " + minRate.describe()
                    + "; nothing was stored, send it again");
        } catch (CountingStream.ClientFailure e) {
            audit.with("bytes", counted.count());
            // a chunked body also ends in an error when its framing breaks (the server reports it so)
            throw ApiError.badRequest("the upload was interrupted after " + counted.count() + " bytes"
                    + (declared >= 0 ? " of " + declared : " (or its chunked framing is broken)")
                    + "; nothing was stored, send it again");
        } catch (IOException e) {
            if (StoreFullException.causedBy(e)) {
                throw new StoreFullException(e);
            }
            LOG.log(Level.SEVERE, "An upload could not be written to the store (id " + fileId + ")", e);
            throw new ApiError(500, "the server could not store the file (is its disk full?); nothing was"
                    + " stored, and an administrator can find the cause in the server log");
        }
    }

    @POST
    @Path("upload")
    @jakarta.ws.rs.Consumes(MediaType.WILDCARD)
    public Map<String, String> uploadByPost(@Context SecurityContext security, @Context HttpHeaders headers,
            @QueryParam("id") String id, InputStream body) {
        return upload(security, headers, id, body);
    }

    private String tooLarge() {
        return "the file is larger than the upload limit of " + maxBytes + " bytes (docbridge.upload.max-bytes);"
                + " nothing was stored";
    }

    /** The Content-Length, or -1 for a chunked body; refuses what {@link BodyFraming} refuses. */
    private long declaredLength(HttpHeaders headers) {
        return framing.declaredLength(headers);
    }

    // --- shared ---------------------------------------------------------------------------------

    /** Workfront's ids are 32 hexadecimal digits; anything id-like up to 64 characters is kept, nothing else. */
    private static String workfrontId(String parameter, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.length() > 64 || !value.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 0x80 || c == '-' || c == '_')) {
            throw ApiError.badRequest("'" + parameter + "' is not a Workfront id (letters and digits, at most 64)");
        }
        return value;
    }
}
