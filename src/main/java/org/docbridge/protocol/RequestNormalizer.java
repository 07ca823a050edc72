package org.docbridge.protocol;

import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.docbridge.web.ApiError;
import org.docbridge.web.RequestLogFilter;

/**
 * Makes every request look the way the endpoints expect, before routing:
 * <ul>
 * <li>a doubled slash ({@code /api//files}, from a Base API URL typed with a trailing slash) is
 * collapsed;</li>
 * <li>parameters sent as an {@code application/x-www-form-urlencoded} body, which some of Adobe's
 * examples do, are added to the query (a parameter in the query string wins), so that every
 * endpoint reads its parameters in one way.</li>
 * </ul>
 */
@Provider
@PreMatching
@Priority(100)
public class RequestNormalizer implements ContainerRequestFilter {

    /** Form bodies are parameter lists, not documents: anything longer is refused. */
    static final int MAX_FORM_BYTES = 64 * 1024;

    /** Whether a body came; one that stalls until the server's read timeout is the client's failure. */
    private static boolean hasBody(ContainerRequestContext request) {
        try {
            return request.hasEntity();
        } catch (jakarta.ws.rs.ProcessingException e) {
            throw new org.docbridge.web.ApiError(408, "the request body did not arrive in time");
        }
    }

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        URI uri = request.getUriInfo().getRequestUri();
        String rawPath = uri.getRawPath();
        UriBuilder rebuilt = null;
        if (rawPath != null && rawPath.contains("//")) {
            rebuilt = UriBuilder.fromUri(uri).replacePath(null).path(rawPath.replaceAll("/{2,}", "/"));
        }
        // the body is looked at only for a form: an upload's first byte may be slow to come (a stalled
        // client), and that is for the upload to answer, not a failure here
        if (MediaType.APPLICATION_FORM_URLENCODED_TYPE.isCompatible(request.getMediaType())
                && !org.docbridge.web.ErrorBody.isUpload(uri.getRawPath()) && hasBody(request)) {
            String form = readForm(request);
            if (!form.isEmpty()) {
                rebuilt = rebuilt == null ? UriBuilder.fromUri(uri) : rebuilt;
                String query = uri.getRawQuery();
                rebuilt.replaceQuery(query == null || query.isEmpty() ? form : query + "&" + form);
                String id = firstValue(form, "id", "parentId", "documentId", "folderId");
                if (id != null) {
                    request.setProperty(RequestLogFilter.ID_ATTRIBUTE, id);
                }
            }
        }
        if (rebuilt != null) {
            request.setRequestUri(request.getUriInfo().getBaseUri(), rebuilt.build());
        }
    }

    /**
     * The form body, still URL-encoded. It is appended after the query string: JAX-RS hands a
     * parameter's first value to the endpoint, so the query string wins when both name it.
     */
    private static String readForm(ContainerRequestContext request) throws IOException {
        InputStream in = request.getEntityStream();
        byte[] body = in.readNBytes(MAX_FORM_BYTES + 1);
        if (body.length > MAX_FORM_BYTES) {
            throw ApiError.badRequest("the form body is longer than " + MAX_FORM_BYTES + " bytes");
        }
        request.setEntityStream(new ByteArrayInputStream(body));
        String form = new String(body, StandardCharsets.US_ASCII).trim();
        for (int i = 0; i < form.length(); i++) {
            char c = form.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-._~%&=+!$'()*,;:@/?".indexOf(c) >= 0;
            if (!allowed) {
                throw ApiError.badRequest("the form body is not valid application/x-www-form-urlencoded");
            }
        }
        return form;
    }

    private static String firstValue(String form, String... names) {
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                for (String name : names) {
                    if (name.equals(pair.substring(0, eq))) {
                        try {
                            return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                        } catch (IllegalArgumentException e) {
                            return null;
                        }
                    }
                }
            }
        }
        return null;
    }
}
