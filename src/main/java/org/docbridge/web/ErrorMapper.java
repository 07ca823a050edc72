package org.docbridge.web;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.docbridge.state.StateException;
import org.docbridge.store.InvalidNameException;
import org.docbridge.store.NameTakenException;
import org.docbridge.store.NoSuchItemException;
import org.docbridge.store.NotAllowedException;
import org.docbridge.store.StoreFullException;
import org.docbridge.store.TooLargeException;
import org.docbridge.store.WrongKindException;

/**
 * The one place where failures become HTTP answers: the protocol's status and error JSON, never a
 * stack trace, a path or a secret. Unexpected failures are logged with a reference that the user
 * sees, so an admin can find the cause in the server log.
 */
@Provider
public class ErrorMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class.getName());

    @Context
    UriInfo uri;

    @Override
    public Response toResponse(Throwable failure) {
        Response plain = map(failure);
        if (isUpload()) {
            ErrorBody body = (ErrorBody) plain.getEntity();
            return answer(plain.getStatus(), ErrorBody.forUpload(body.error));
        }
        return plain;
    }

    private boolean isUpload() {
        try {
            return ErrorBody.isUpload(uri.getPath());
        } catch (RuntimeException e) {
            return false; // no request in scope
        }
    }

    private Response map(Throwable failure) {
        // whatever failed on a full disk (a store write, the embedded database), the cure is the same
        if (StoreFullException.causedBy(failure)) {
            LOG.warning(() -> "A write failed because the disk is full: " + failure);
            return answer(507, StoreFullException.MESSAGE);
        }
        if (failure instanceof ApiError error) {
            return answer(error.getResponse().getStatus(), error.userMessage());
        }
        if (failure instanceof NoSuchItemException) {
            return answer(404, failure.getMessage());
        }
        if (failure instanceof WrongKindException) {
            // a file where a folder was expected is a bad parameter; a folder has no content to serve
            WrongKindException wrong = (WrongKindException) failure;
            return answer(wrong.folderExpected() ? 400 : 404, failure.getMessage());
        }
        // the contract knows 400, 403, 404 and 500: a taken name is an invalid parameter like a bad
        // one; only a body over the size limit gets HTTP's own 413, which every client understands
        if (failure instanceof InvalidNameException || failure instanceof NameTakenException) {
            return answer(400, failure.getMessage());
        }
        if (failure instanceof NotAllowedException) {
            return answer(403, failure.getMessage());
        }
        if (failure instanceof TooLargeException) {
            return answer(413, failure.getMessage());
        }
        if (failure instanceof StateException state) {
            // the database's own words are in the log (Database.failure; a conflict only here, since one that a
            // retry gets past is no failure); the caller learns what to do
            if (org.docbridge.state.Database.isConflict(state.getCause())) {
                LOG.log(Level.SEVERE, "The state database refused a change for a concurrent one", state.getCause());
            }
            return answer(state.unavailable() ? 503 : 500, failure.getMessage());
        }
        if (failure instanceof WebApplicationException web) {
            int status = web.getResponse().getStatus();
            if (status < 500) {
                return answer(status, Statuses.message(status));
            }
        }
        String reference = UUID.randomUUID().toString().substring(0, 8);
        LOG.log(Level.SEVERE, "Request failed, reference " + reference, failure);
        return answer(500, "the server could not complete the request (reference " + reference
                + " in the server log)");
    }

    public static Response answer(int status, String message) {
        return answer(status, new ErrorBody(message));
    }

    private static Response answer(int status, ErrorBody body) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8"))
                .entity(body)
                .build();
    }
}
