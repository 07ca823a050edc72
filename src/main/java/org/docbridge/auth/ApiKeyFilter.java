package org.docbridge.auth;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;
import java.security.Principal;
import org.docbridge.web.ApiError;

/**
 * Authentication of every protocol call but {@link Public} ones, in the modes that are on
 * ({@link AuthModes}): ApiKey (an {@code apiKey} and a {@code username} header) or OAuth2
 * ({@code Authorization: Bearer <access token>}, acting as the token's user). Anything missing or
 * wrong answers 403, never 401: a 403 is what makes Workfront refresh credentials and retry.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class ApiKeyFilter implements ContainerRequestFilter {

    static final int MAX_USERNAME = 256;

    @Inject
    ApiKeys keys;

    @Inject
    AuthModes modes;

    @Inject
    org.docbridge.oauth.Tokens tokens;

    @Inject
    org.docbridge.ops.Metrics metrics;

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        if (isPublic()) {
            return;
        }
        String authorization = request.getHeaderString("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            if (!modes.oauth2()) {
                throw refused("bearer", "mode-off",
                        "OAuth2 is not enabled on this server; use the apiKey and username headers");
            }
            String user = tokens.userOf(authorization.substring(7).strip()).orElseThrow(() -> refused("bearer",
                    "invalid-token", "the access token is not valid, was revoked or has expired; refresh it"));
            request.setSecurityContext(new ApiKeyUser(user, request.getSecurityContext().isSecure(), "Bearer"));
            request.setProperty(org.docbridge.web.RequestLogFilter.USER_ATTRIBUTE, user); // for the request log
            return;
        }
        if (!modes.apiKey()) {
            throw refused("apikey", "mode-off",
                    "missing Authorization: Bearer header (this server accepts OAuth2 tokens only)");
        }
        if (!keys.accepts(request.getHeaderString("apiKey"))) {
            throw request.getHeaderString("apiKey") == null
                    ? refused("apikey", "missing-key", "missing apiKey header")
                    : refused("apikey", "invalid-key", "the apiKey is not valid");
        }
        String username = request.getHeaderString("username");
        if (username == null || username.isBlank()) {
            throw refused("apikey", "missing-user", "missing username header");
        }
        if (username.length() > MAX_USERNAME || username.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw refused("apikey", "invalid-user", "the username header is not a valid user name");
        }
        request.setSecurityContext(new ApiKeyUser(username.trim(), request.getSecurityContext().isSecure(), "ApiKey"));
    }

    /** The 403 for the client, counted in the metrics by mode and reason. */
    private ApiError refused(String mode, String reason, String message) {
        metrics.authFailure(mode, reason);
        return ApiError.forbidden(message);
    }

    private boolean isPublic() {
        return resource.getResourceMethod() != null
                && (resource.getResourceMethod().isAnnotationPresent(Public.class)
                || resource.getResourceClass().isAnnotationPresent(Public.class));
    }

    /** The Workfront user on whose behalf Workfront calls, and how the call proved it. */
    record ApiKeyUser(String name, boolean secure, String scheme) implements SecurityContext, Principal {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public Principal getUserPrincipal() {
            return this;
        }

        @Override
        public boolean isUserInRole(String role) {
            return false;
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getAuthenticationScheme() {
            return scheme;
        }
    }
}
