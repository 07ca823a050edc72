package org.docbridge.oauth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URLDecoder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.logging.Logger;
import org.docbridge.auth.AuthModes;
import org.docbridge.users.Directories;
import org.docbridge.users.Directory;

/**
 * The Token Endpoint URL (contract §2, RFC 6749 §4.1.3 and §6): POST, parameters from the query string
 * or the form body, the client authenticated by {@code client_id}/{@code client_secret} parameters or
 * HTTP Basic. Answers the contract's JSON, or an RFC 6749 §5.2 error.
 */
@Path("token")
@ApplicationScoped
public class TokenResource {

    private static final Logger LOG = Logger.getLogger(TokenResource.class.getName());

    @Inject
    org.docbridge.ops.Metrics metrics;

    @Inject
    OAuthClients clients;

    @Inject
    AuthModes modes;

    @Inject
    Tokens tokens;

    @Inject
    Directories directories;

    /**
     * The parameters come from the query string and, when the body is a form, from the body. The body
     * is taken as text whatever its type (or when there is none), so that every server reads the same:
     * a form reader of the server's would refuse a POST without a body.
     */
    @POST
    @Consumes(MediaType.WILDCARD)
    public Response token(@Context UriInfo uri, @Context HttpHeaders headers, String body) {
        if (!modes.oauth2()) {
            return error(400, "unsupported_grant_type", "OAuth2 is not enabled on this server", false);
        }
        MediaType type = headers.getMediaType();
        boolean form = type == null || type.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE);
        Params p;
        try {
            p = new Params(uri.getQueryParameters(), form ? Params.form(body) : Map.of());
        } catch (IllegalArgumentException e) {
            return error(400, "invalid_request", "the form body is not valid form encoding", false);
        }
        String grant;
        String[] basic;
        try {
            grant = p.one("grant_type");
            basic = basic(headers.getHeaderString(HttpHeaders.AUTHORIZATION));
        } catch (IllegalArgumentException e) {
            return error(400, "invalid_request", e.getMessage(), false);
        }
        String clientId;
        String secret;
        try {
            String idParam = p.one("client_id");
            String secretParam = p.one("client_secret");
            if (basic != null) {
                if (secretParam != null || (idParam != null && !idParam.equals(basic[0]))) {
                    return error(400, "invalid_request", "give the client's credentials once: HTTP Basic or the"
                            + " client_id and client_secret parameters", false);
                }
                clientId = basic[0];
                secret = basic[1];
            } else {
                clientId = idParam;
                secret = secretParam;
            }
        } catch (IllegalArgumentException e) {
            return error(400, "invalid_request", e.getMessage(), false);
        }
        Optional<OAuthClients.Client> client = clientId == null || clientId.isBlank() ? Optional.empty()
                : clients.find(clientId);
        if (client.isEmpty() || !client.get().accepts(secret)) {
            metrics.authFailure("client", "wrong-credentials");
            LOG.info(() -> "Token request with wrong client credentials (client_id '" + clientId + "')");
            return error(401, "invalid_client", "the client is unknown or its secret is wrong", basic != null);
        }
        if (grant == null) {
            return error(400, "invalid_request", "missing grant_type", false);
        }
        try {
            Tokens.Grant granted;
            switch (grant) {
                case "authorization_code" -> {
                    String code = p.one("code");
                    if (code == null || code.isEmpty()) {
                        return error(400, "invalid_request", "missing code", false);
                    }
                    granted = tokens.exchange(code, client.get().id());
                }
                case "refresh_token" -> {
                    String refresh = p.one("refresh_token");
                    if (refresh == null || refresh.isEmpty()) {
                        return error(400, "invalid_request", "missing refresh_token", false);
                    }
                    granted = tokens.refresh(refresh, client.get().id(), directories.directory()::active);
                }
                default -> {
                    return error(400, "unsupported_grant_type", "grant_type is authorization_code or refresh_token",
                            false);
                }
            }
            String json = Json.createObjectBuilder()
                    .add("access_token", granted.accessToken())
                    .add("refresh_token", granted.refreshToken())
                    .add("expires_in", granted.expiresIn())
                    .add("token_type", "Bearer")
                    .build().toString();
            return noStore(Response.ok(json, MediaType.APPLICATION_JSON_TYPE)).build();
        } catch (IllegalArgumentException e) {
            return error(400, "invalid_request", e.getMessage(), false);
        } catch (Tokens.Refused e) {
            metrics.authFailure("client", "invalid-grant");
            return error(400, "invalid_grant", e.getMessage(), false);
        } catch (Directory.DirectoryUnavailable e) {
            LOG.warning(e.getMessage());
            return error(503, "temporarily_unavailable", "the company directory cannot be reached; try again", false);
        }
    }

    /** The parameters of the query string and the form body, where a name given twice is an error. */
    private record Params(Map<String, List<String>> query, Map<String, List<String>> body) {

        /** An {@code application/x-www-form-urlencoded} body's parameters, decoded. */
        static Map<String, List<String>> form(String body) {
            Map<String, List<String>> params = new HashMap<>();
            if (body == null || body.isBlank()) {
                return params;
            }
            for (String pair : body.strip().split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                params.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            }
            return params;
        }

        String one(String name) {
            List<String> q = query.getOrDefault(name, List.of());
            List<String> b = body.getOrDefault(name, List.of());
            if (q.size() + b.size() > 1) {
                throw new IllegalArgumentException("the parameter " + name + " is given more than once");
            }
            String value = !q.isEmpty() ? q.get(0) : !b.isEmpty() ? b.get(0) : null;
            if (value != null && value.length() > 4096) {
                throw new IllegalArgumentException("the parameter " + name + " is too long");
            }
            return value;
        }
    }

    /** The id and secret of an {@code Authorization: Basic} header (RFC 6749 §2.3.1: form-encoded), or null. */
    static String[] basic(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the Authorization header is not valid Basic credentials");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("the Authorization header is not valid Basic credentials");
        }
        return new String[] {urlDecode(decoded.substring(0, colon)), urlDecode(decoded.substring(colon + 1))};
    }

    private static String urlDecode(String s) {
        return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static Response error(int status, String error, String description, boolean basicUsed) {
        String json = Json.createObjectBuilder().add("error", error).add("error_description", description).build()
                .toString();
        Response.ResponseBuilder r = noStore(Response.status(status).entity(json).type(MediaType.APPLICATION_JSON_TYPE));
        if (status == 401) {
            r.header("WWW-Authenticate", "Basic realm=\"docbridge\"");
        }
        return r.build();
    }

    private static Response.ResponseBuilder noStore(Response.ResponseBuilder r) {
        return r.header("Cache-Control", "no-store").header("Pragma", "no-cache");
    }
}
