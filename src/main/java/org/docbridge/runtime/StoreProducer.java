package org.docbridge.runtime;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;
import org.docbridge.state.ChangeFeed;
import org.docbridge.state.Database;
import org.docbridge.store.DocumentStore;
import org.docbridge.store.filesystem.FileSystemStore;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Makes the configured document store, once per application. */
@ApplicationScoped
public class StoreProducer {

    private static final Logger LOG = Logger.getLogger(StoreProducer.class.getName());

    /** An item missing from listings this long (and from disk) loses its id; see the README. */
    static final Duration FORGET_AFTER = Duration.ofMinutes(10);

    @Inject
    DataFolder data;

    @Inject
    Database database;

    @Inject
    ChangeFeed feed;

    @Inject
    @ConfigProperty(name = "docbridge.store.root")
    Optional<String> storeRoot;

    @Produces
    @ApplicationScoped
    DocumentStore documentStore() {
        String encoding = System.getProperty("sun.jnu.encoding", "");
        Duration forgetAfter = FORGET_AFTER;
        if (!encoding.equalsIgnoreCase("UTF-8")) {
            // names it cannot decode are invisible; at least keep their ids until the locale is fixed
            forgetAfter = null;
            LOG.severe("The JVM reads file names as " + encoding + ", not UTF-8: documents whose names are not plain"
                    + " ASCII are invisible, and no id is forgotten until this is fixed. Restart the server with a"
                    + " UTF-8 locale, e.g. LANG=C.UTF-8.");
        }
        Path root;
        try {
            if (storeRoot.isPresent()) {
                root = Path.of(storeRoot.get()).toAbsolutePath().normalize();
                if (!Files.isDirectory(root)) {
                    throw new IllegalStateException("docbridge.store.root: the folder " + root
                            + " does not exist; create it or correct the setting");
                }
            } else {
                root = Files.createDirectories(data.home().resolve("documents"));
            }
            FileSystemStore store = new FileSystemStore(root, database, feed, data.state().resolve("node-id"),
                    data.state(), forgetAfter);
            LOG.info(() -> "Serving documents from " + store.root() + " (" + store.knownIds() + " ids known)");
            store.sweepLeftoversInBackground();
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the document store: " + e.getMessage(), e);
        }
    }

    void close(@Disposes DocumentStore store) throws Exception {
        if (store instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
