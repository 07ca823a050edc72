package org.docbridge.users;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import java.util.Set;
import org.docbridge.web.ErrorMapper;

/** The administrators' endpoints, under {@code /admin}: reachable from the node's own machine only. */
@ApplicationPath("admin")
public class AdminApplication extends Application {

    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.server.wadl.disableWadl", true);
    }

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(UsersResource.class, ErrorMapper.class);
    }
}
