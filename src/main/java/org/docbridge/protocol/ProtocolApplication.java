package org.docbridge.protocol;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;
import org.docbridge.auth.ApiKeyFilter;
import org.docbridge.web.ErrorMapper;

/** The Workfront protocol, under {@code /api}: what an admin enters as the Base API URL. */
@ApplicationPath("api")
public class ProtocolApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(RequestNormalizer.class, ApiKeyFilter.class, ErrorMapper.class, DocumentJsonWriter.class,
                ServiceInfoResource.class, DocumentsResource.class, ContentResource.class);
    }
}
