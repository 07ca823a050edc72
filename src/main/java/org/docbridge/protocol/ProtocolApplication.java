package org.docbridge.protocol;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import java.util.Set;
import org.docbridge.auth.ApiKeyFilter;
import org.docbridge.web.ErrorMapper;

/** The Workfront protocol, under {@code /api}: what an admin enters as the Base API URL. */
@ApplicationPath("api")
public class ProtocolApplication extends Application {

    /** No generated WADL: every answer here is the protocol's JSON. */
    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.server.wadl.disableWadl", true);
    }

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(RequestNormalizer.class, ApiKeyFilter.class, org.docbridge.web.FreshState.class, ErrorMapper.class,
                DocumentJsonWriter.class,
                ServiceInfoResource.class, DocumentsResource.class, ContentResource.class, SendToResource.class, WritesResource.class,
                ActionsResource.class);
    }
}
