package org.docbridge.runtime;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import org.docbridge.auth.ApiKeys;
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
    DocumentStore store;

    @Inject
    ApiKeys keys;

    @Inject
    LinkSigner links;

    @Inject
    Thumbnails thumbnails;

    void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
        store.get(DocumentStore.ROOT_ID);
        keys.accepts("");
        links.check(LinkSigner.Purpose.VIEW, "/", "0", "");
        thumbnails.maxPixels();
        LOG.info(() -> "docbridge is ready; data folder " + data.home());
    }
}
