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
    static final int MAX_FORM_BYTES = org.docbridge.web.FormLimitFilter.MAX_FORM_BYTES;

    /** Whether a body came; one that stalls until the server's read timeout is the client's failure. */
    private static boolean hasBody(ContainerRequestContext request) {
        try {
            return request.hasEntity();
        } catch (jakarta.ws.rs.ProcessingException e) {
            throw new org.docbridge.web.ApiError(408, "the request body did not arrive in time");
        }
    }

    @jakarta.ws.rs.core.Context
    jakarta.servlet.http.HttpServletRequest servlet;

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        URI uri = request.getUriInfo().getRequestUri();
        String rawPath = uri.getRawPath();
        UriBuilder rebuilt = null;
        if (rawPath != null && rawPath.contains("//")) {
            rebuilt = UriBuilder.fromUri(uri).replacePath(null).path(rawPath.replaceAll("/{2,}", "/"));
        }
        // the query as it came: the servers hand raw non-ASCII bytes to JAX-RS as Latin-1 characters, re-encoded
        refuseMalformed("query string", servlet == null ? uri.getRawQuery() : servlet.getQueryString());
        refuseAmbiguous(uri.getRawQuery());
        // the cheap checks first: hasEntity() waits for the body's first byte, and an upload's body is
        // the endpoint's to read (its Content-Length is checked there before a byte of it is read)
        boolean formBody = !org.docbridge.web.ErrorBody.isUpload(uri.getRawPath())
                && MediaType.APPLICATION_FORM_URLENCODED_TYPE.isCompatible(request.getMediaType());
        // a form declared too long is refused from its headers, before hasEntity() waits for a byte of it
        if (formBody && declaredLength(request.getHeaderString("Content-Length")) > MAX_FORM_BYTES) {
            throw ApiError.badRequest("the form body is longer than " + MAX_FORM_BYTES + " bytes");
        }
        // the body is looked at only for a form: an upload's first byte may be slow to come (a stalled
        // client), and that is for the upload to answer, not a failure here
        if (formBody && hasBody(request)) {
            String form = readForm(request);
            refuseMalformed("form body", form);
            refuseAmbiguous(form);
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
        byte[] body;
        try {
            body = in.readNBytes(MAX_FORM_BYTES + 1);
        } catch (IOException ended) {
            // the client stopped before its Content-Length (WildFly reports it so; Payara closes the connection)
            throw ApiError.badRequest("the form body ended before its Content-Length; send the request again");
        }
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

    /** The protocol's parameters: each names one thing, so two different values are two requests in one. */
    static final java.util.Set<String> PARAMETERS = java.util.Set.of("id", "parentId", "documentId", "folderId",
            "documentVersionId", "filename", "name", "action", "query", "max", "offset", "size");

    /**
     * Refuses a query string or form that gives one of the protocol's parameters twice with different
     * values: JAX-RS would hand the endpoint the first and the request would act on something the
     * client may not have meant (a delete of the wrong item). The same value twice is harmless.
     */
    private static void refuseAmbiguous(String encoded) {
        String name = ambiguousParameter(encoded);
        if (name != null) {
            throw ApiError.badRequest("the parameter '" + name + "' is given twice with different values; give it once");
        }
    }

    /** The first protocol parameter that {@code encoded} gives twice with different values, or null. */
    static String ambiguousParameter(String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return null;
        }
        java.util.Map<String, String> seen = new java.util.HashMap<>();
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (PARAMETERS.contains(name)) {
                String value = eq < 0 ? "" : decoded(pair.substring(eq + 1));
                String earlier = seen.putIfAbsent(name, value);
                if (earlier != null && !earlier.equals(value)) {
                    return name;
                }
            }
        }
        return null;
    }

    private static void refuseMalformed(String where, String encoded) {
        String problem = encodingProblem(encoded);
        if (problem != null) {
            throw ApiError.badRequest("the " + where + " " + problem);
        }
    }

    /**
     * What is wrong with an encoded query or form, or null: a byte that should have been
     * percent-encoded (a raw non-ASCII byte, a control character, a space), a broken {@code %} escape,
     * or escapes that decode to invalid UTF-8. The servers would otherwise hand the endpoints the raw
     * bytes as Latin-1 or the broken escape as text, and a write would store a name nobody sent.
     */
    static String encodingProblem(String encoded) {
        if (encoded == null) {
            return null;
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return "holds a character that is not percent-encoded";
            }
            if (c == '%') {
                if (i + 2 >= encoded.length() || Character.digit(encoded.charAt(i + 1), 16) < 0
                        || Character.digit(encoded.charAt(i + 2), 16) < 0) {
                    return "has a broken percent escape";
                }
                bytes.write(Integer.parseInt(encoded.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes.toByteArray()));
        } catch (java.nio.charset.CharacterCodingException e) {
            return "is not valid UTF-8 once decoded";
        }
        return null;
    }

    /** The Content-Length as a number, Long.MAX_VALUE for one too long to be one, -1 for none or not a number. */
    static long declaredLength(String header) {
        String digits = header == null ? "" : header.strip();
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        return digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
    }

    private static String decoded(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value; // a broken escape is the endpoint's to refuse; here it only has to compare
        }
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
