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
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
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
    OAuthClients clients;

    @Inject
    AuthModes modes;

    @Inject
    Tokens tokens;

    @Inject
    Directories directories;

    @POST
    @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.WILDCARD})
    public Response token(@Context UriInfo uri, @Context HttpHeaders headers, MultivaluedMap<String, String> form) {
        if (!modes.oauth2()) {
            return error(400, "unsupported_grant_type", "OAuth2 is not enabled on this server", false);
        }
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        Params p = new Params(query, form);
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
            return error(400, "invalid_grant", e.getMessage(), false);
        } catch (Directory.DirectoryUnavailable e) {
            LOG.warning(e.getMessage());
            return error(503, "temporarily_unavailable", "the company directory cannot be reached; try again", false);
        }
    }

    /** The parameters of the query string and the form, where a name given twice is an error. */
    private record Params(MultivaluedMap<String, String> query, MultivaluedMap<String, String> form) {
        String one(String name) {
            List<String> q = query.get(name);
            List<String> f = form == null ? null : form.get(name);
            int count = (q == null ? 0 : q.size()) + (f == null ? 0 : f.size());
            if (count > 1) {
                throw new IllegalArgumentException("the parameter " + name + " is given more than once");
            }
            String value = q != null && !q.isEmpty() ? q.get(0) : f != null && !f.isEmpty() ? f.get(0) : null;
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
