package org.docbridge.users;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Logger;
import org.docbridge.oauth.Tokens;
import org.docbridge.web.ApiError;

/**
 * The administrators' endpoint behind {@code server-config/docbridge-users}: lists, adds, changes,
 * disables, enables and removes embedded users while the server runs (on any node: they live in the
 * state database). Disabling, removing or resetting a user revokes their OAuth tokens at once.
 */
@Path("users")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class UsersResource {

    private static final Logger LOG = Logger.getLogger(UsersResource.class.getName());

    @Inject
    AdminKey key;

    @Inject
    Directories directories;

    @Inject
    Tokens tokens;

    @GET
    public String list(@Context HttpServletRequest request, @Context HttpHeaders headers) {
        authorize(request, headers);
        JsonArrayBuilder users = Json.createArrayBuilder();
        for (EmbeddedUsers.Account a : directories.embedded().list()) {
            users.add(json(a));
        }
        return Json.createObjectBuilder().add("users", users).add("logins", directories.directory().description())
                .build().toString();
    }

    /**
     * Adds a user, or changes one: the password, display name and groups given (others stay);
     * {@code intent=create} refuses a name in use (409), {@code intent=update} a missing one (404).
     */
    @PUT
    @Path("{name}")
    public Response save(@Context HttpServletRequest request, @Context HttpHeaders headers,
            @PathParam("name") String name, @FormParam("password") String password,
            @FormParam("display-name") String displayName, @FormParam("groups") String groups,
            @FormParam("intent") String intent) {
        authorize(request, headers);
        if (password != null && password.length() < 12) {
            throw ApiError.badRequest("a password has at least 12 characters");
        }
        EmbeddedUsers.Intent wanted = switch (intent == null ? "" : intent) {
            case "create" -> EmbeddedUsers.Intent.CREATE;
            case "update" -> EmbeddedUsers.Intent.UPDATE;
            case "" -> EmbeddedUsers.Intent.EITHER;
            default -> throw ApiError.badRequest("intent is create, update, or absent (either)");
        };
        boolean created;
        try {
            List<String> groupList = groups == null ? null : Arrays.asList(groups.split(","));
            created = directories.embedded().save(name, password == null ? null : password.toCharArray(), displayName,
                    groupList, wanted);
        } catch (EmbeddedUsers.Conflict e) {
            throw new ApiError(wanted == EmbeddedUsers.Intent.CREATE ? 409 : 404, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        String key = EmbeddedUsers.key(name);
        directories.forget(key);
        if (!created && password != null) {
            int revoked = tokens.revokeUser(key);
            LOG.info(() -> "Password of " + key + " reset; " + revoked + " OAuth token(s) revoked");
        } else {
            LOG.info(() -> (created ? "User " + key + " added" : "User " + key + " changed"));
        }
        EmbeddedUsers.Account account = directories.embedded().find(key).orElseThrow();
        return Response.status(created ? 201 : 200).entity(json(account).build().toString()).build();
    }

    @POST
    @Path("{name}/disable")
    public String disable(@Context HttpServletRequest request, @Context HttpHeaders headers,
            @PathParam("name") String name) {
        return setDisabled(request, headers, name, true);
    }

    @POST
    @Path("{name}/enable")
    public String enable(@Context HttpServletRequest request, @Context HttpHeaders headers,
            @PathParam("name") String name) {
        return setDisabled(request, headers, name, false);
    }

    @DELETE
    @Path("{name}")
    public String remove(@Context HttpServletRequest request, @Context HttpHeaders headers,
            @PathParam("name") String name) {
        authorize(request, headers);
        String key = EmbeddedUsers.key(name);
        if (!directories.embedded().remove(key)) {
            throw ApiError.notFound("there is no user " + key);
        }
        int revoked = tokens.revokeUser(key);
        directories.forget(key);
        LOG.info(() -> "User " + key + " removed; " + revoked + " OAuth token(s) revoked");
        return Json.createObjectBuilder().add("removed", key).add("tokensRevoked", revoked).build().toString();
    }

    private String setDisabled(HttpServletRequest request, HttpHeaders headers, String name, boolean disabled) {
        authorize(request, headers);
        String key = EmbeddedUsers.key(name);
        if (!directories.embedded().setDisabled(key, disabled)) {
            throw ApiError.notFound("there is no user " + key);
        }
        int revoked = disabled ? tokens.revokeUser(key) : 0;
        directories.forget(key);
        LOG.info(() -> "User " + key + (disabled ? " disabled; " + revoked + " OAuth token(s) revoked" : " enabled"));
        return json(directories.embedded().find(key).orElseThrow()).add("tokensRevoked", revoked).build().toString();
    }

    private void authorize(HttpServletRequest request, HttpHeaders headers) {
        key.check(request.getRemoteAddr(), headers.getHeaderString(HttpHeaders.AUTHORIZATION));
    }

    private static JsonObjectBuilder json(EmbeddedUsers.Account a) {
        JsonArrayBuilder groups = Json.createArrayBuilder();
        a.groups().forEach(groups::add);
        JsonObjectBuilder o = Json.createObjectBuilder().add("name", a.name()).add("disabled", a.disabled())
                .add("groups", groups).add("changed", java.time.Instant.ofEpochMilli(a.changedAt()).toString());
        if (a.displayName() != null) {
            o.add("displayName", a.displayName());
        }
        return o;
    }
}
