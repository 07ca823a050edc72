package org.docbridge.protocol;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.docbridge.actions.Actions;
import java.util.Properties;
import org.docbridge.auth.Public;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** What this provider offers; read by Workfront when the admin saves or refreshes the integration. */
@Path("serviceInfo")
@ApplicationScoped
public class ServiceInfoResource {

    /** The endpoints this build really serves. */
    static final List<String> ENDPOINTS = List.of("metadata", "files", "search", "download", "thumbnail",
            "uploadInit", "upload", "createFolder", "delete", "rename", "customAction");

    @Inject
    @ConfigProperty(name = "docbridge.publisher", defaultValue = "docbridge")
    String publisher;

    @Inject
    Actions actions;

    @JsonbPropertyOrder({"webhookVersion", "version", "publisher", "availableEndpoints", "customActions"})
    public static class ServiceInfo {
        public String webhookVersion = "1.2";
        public String version;
        public String publisher;
        public List<String> availableEndpoints = ENDPOINTS;
        public List<CustomAction> customActions = List.of();
    }

    @JsonbPropertyOrder({"name", "displayName"})
    public static class CustomAction {
        public String name;
        public String displayName;
    }

    @GET
    @Public
    @Produces(MediaType.APPLICATION_JSON)
    public ServiceInfo serviceInfo() {
        ServiceInfo info = new ServiceInfo();
        info.version = BuildInfo.VERSION;
        info.publisher = publisher;
        List<CustomAction> offered = new ArrayList<>();
        for (Actions.Action action : actions.enabled()) {
            CustomAction listed = new CustomAction();
            listed.name = action.name();
            listed.displayName = action.displayName();
            offered.add(listed);
        }
        info.customActions = offered;
        return info;
    }

    /** The build's version, filtered into a resource by Maven. */
    static final class BuildInfo {
        static final String VERSION = load();

        private static String load() {
            try (InputStream in = ServiceInfoResource.class.getResourceAsStream("/docbridge-build.properties")) {
                Properties p = new Properties();
                if (in != null) {
                    p.load(in);
                }
                return p.getProperty("version", "unknown");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
