package org.docbridge.links;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import java.util.Set;
import org.docbridge.web.ErrorMapper;

/** Browser routes for signed links, under {@code /links}: outside /api, no Workfront headers needed. */
@ApplicationPath("links")
public class LinksApplication extends Application {

    /** No generated WADL: every answer here is the protocol's JSON. */
    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.server.wadl.disableWadl", true);
    }

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(LinkResource.class, DocumentPage.class, org.docbridge.web.FreshState.class, ErrorMapper.class);
    }
}
