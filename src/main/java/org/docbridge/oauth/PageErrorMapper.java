package org.docbridge.oauth;

import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.docbridge.pages.Pages;
import org.docbridge.state.StateException;

/**
 * Whatever goes wrong under {@code /oauth} is a page for the visitor in their language: no stack
 * trace, no class name, no server path. The state database being away is a 503 "try again".
 */
@Provider
public class PageErrorMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(PageErrorMapper.class.getName());

    @Inject
    Pages pages;

    @Context
    ServletContext servlet;

    @Context
    HttpHeaders headers;

    @Context
    jakarta.ws.rs.core.UriInfo uri;

    /** Whether reading the request's body failed (an IOException underneath), as when the client stops early. */
    static boolean readingFailed(Throwable failure) {
        for (Throwable t = failure; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Response toResponse(Throwable failure) {
        if (failure instanceof WebApplicationException page && page.getResponse().hasEntity()) {
            return page.getResponse(); // a page the resource made already
        }
        int status;
        String title;
        String text;
        if (readingFailed(failure)) {
            // a body that ended before its Content-Length is the client's broken request, not our failure
            status = 400;
            title = "error.request.title";
            text = "error.request.text";
        } else if (failure instanceof WebApplicationException web && web.getResponse().getStatus() < 500) {
            status = web.getResponse().getStatus();
            title = status == 404 ? "error.notfound.title" : "error.request.title";
            text = status == 404 ? "error.notfound.text" : "error.request.text";
        } else if (failure instanceof org.docbridge.users.Directory.DirectoryUnavailable directory) {
            LOG.warning(directory.getMessage());
            status = 503;
            title = "error.directory.title";
            text = "error.directory.text";
        } else if (failure instanceof StateException state && state.unavailable()) {
            status = 503;
            title = "error.unavailable.title";
            text = "error.unavailable.text";
        } else {
            LOG.log(Level.SEVERE, "An OAuth page failed", failure);
            status = 500;
            title = "error.internal.title";
            text = "error.internal.text";
        }
        if (uri != null && uri.getPath().endsWith("token")) {
            // the token endpoint speaks RFC 6749's JSON, even about a body it cannot read
            return Response.status(status == 500 || status == 503 ? status : 400).type("application/json")
                    .header("Cache-Control", "no-store")
                    .entity(jakarta.json.Json.createObjectBuilder()
                            .add("error", status >= 500 ? "temporarily_unavailable" : "invalid_request")
                            .add("error_description", "the request cannot be read as a token request")
                            .build().toString()).build();
        }
        Pages.Texts texts = Pages.texts(headers == null ? Pages.LANGUAGES.get(0) : Pages.language(headers));
        return pages.render(servlet, status, "error", texts, Map.of("title", texts.get(title),
                "pageTitle", texts.get(title), "text", texts.get(text)));
    }
}
