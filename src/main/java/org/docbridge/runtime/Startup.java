package org.docbridge.runtime;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import org.docbridge.access.Access;
import org.docbridge.access.Locks;
import org.docbridge.auth.ApiKeys;
import org.docbridge.protocol.SendToResource;
import org.docbridge.actions.Actions;
import org.docbridge.writes.Placement;
import org.docbridge.writes.UploadRegistry;
import org.docbridge.content.Thumbnails;
import org.docbridge.links.LinkSigner;
import org.docbridge.store.DocumentStore;

/**
 * Opens everything at deployment rather than on the first request, so that a wrong setting fails
 * the start with a message naming it, and the log says where the data and the key are.
 */
@ApplicationScoped
public class Startup {

    private static final Logger LOG = Logger.getLogger(Startup.class.getName());

    @Inject
    DataFolder data;

    @Inject
    org.docbridge.state.Database database;

    @Inject
    DocumentStore store;

    @Inject
    ApiKeys keys;

    @Inject
    LinkSigner links;

    @Inject
    Thumbnails thumbnails;

    @Inject
    Access access;

    @Inject
    SendToResource sendTo;

    @Inject
    UploadRegistry uploads;

    @Inject
    Placement placement;

    @Inject
    org.docbridge.writes.BodyFraming framing;

    @Inject
    org.docbridge.web.AuditFile auditFile;

    @Inject
    Actions actions;

    @Inject
    Locks locks;

    @Inject
    org.docbridge.auth.AuthModes modes;

    @Inject
    org.docbridge.oauth.OAuthClients oauthClients;

    @Inject
    org.docbridge.oauth.Tokens tokens;

    @Inject
    org.docbridge.users.Directories directories;

    @Inject
    org.docbridge.users.AdminKey adminKey;

    @Inject
    org.docbridge.protocol.DocumentViews views;

    @Inject
    org.docbridge.ops.Lifecycle lifecycle;

    @Inject
    org.docbridge.preview.Previews previews;

    @Inject
    org.docbridge.ops.Metrics metrics;

    @Inject
    @org.eclipse.microprofile.health.Readiness
    org.docbridge.ops.DiskCheck disk;

    @Inject
    org.docbridge.connections.ConnectionDeadlines connections;

    @Inject
    org.eclipse.microprofile.config.Config config;

    void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
        data.home(); // takes the state folder's lock before anything reads or writes there
        Logger settings = Logger.getLogger("org.docbridge.config");
        settings.info("Effective configuration (value, and where it came from; secrets are not shown):");
        org.docbridge.ops.EffectiveConfig.lines(config).forEach(line -> settings.info("  " + line));
        // in a web application the event is its ServletContext
        String contextPath = event instanceof jakarta.servlet.ServletContext context ? context.getContextPath() : "";
        try {
            check(contextPath);
        } catch (RuntimeException | Error e) {
            data.release(); // a failed start must not keep the state folder from the next attempt
            throw e;
        }
        lifecycle.started(disk.minFree());
        previews.warm();
        LOG.info(() -> "docbridge is ready; data folder " + data.home());
    }

    /** Opens every component once, so that a wrong setting fails here. */
    private void check(String contextPath) {
        database.read(c -> c.isValid(5));
        store.get(DocumentStore.ROOT_ID);
        keys.accepts("");
        links.check(LinkSigner.Purpose.VIEW, "/", "0", "");
        thumbnails.maxPixels();
        access.rules();
        locks.isEmpty();
        sendTo.maxBytes();
        placement.conflict();
        framing.chunked();
        auditFile.enabled();
        actions.enabled();
        uploads.ttl();
        modes.oauth2();
        oauthClients.size();
        tokens.accessSeconds();
        directories.directory();
        adminKey.ready();
        views.viewPurpose();
        disk.minFree();
        metrics.enabled();
        connections.start(contextPath);
    }
}
