package org.docbridge.oauth;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import java.util.Set;

/** The OAuth2 pages and the token endpoint, under {@code /oauth}: outside /api, for browsers and Workfront. */
@ApplicationPath("oauth")
public class OAuthApplication extends Application {

    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.server.wadl.disableWadl", true);
    }

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(AuthorizeResource.class, TokenResource.class, PageErrorMapper.class);
    }
}
