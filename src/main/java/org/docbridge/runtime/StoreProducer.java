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

    @Inject
    @ConfigProperty(name = "docbridge.search.index", defaultValue = "true")
    boolean searchIndex;

    @Inject
    @ConfigProperty(name = "docbridge.search.watch", defaultValue = "true")
    boolean searchWatch;

    @Inject
    @ConfigProperty(name = "docbridge.search.rescan-interval", defaultValue = "PT1H")
    String rescanInterval;

    @Inject
    @ConfigProperty(name = "docbridge.search.rescan-share", defaultValue = "0.25")
    String rescanShare;

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
            if (searchIndex) {
                store.startSearchIndex(searchWatch, rescanInterval(rescanInterval), rescanShare(rescanShare));
            } else {
                LOG.info("docbridge.search.index is false: every search walks the folders");
            }
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the document store: " + e.getMessage(), e);
        }
    }

    /** The pause between walks of the search index; "0" or "off": none after the one at start (null). */
    static Duration rescanInterval(String setting) {
        String value = setting.strip();
        if (value.equalsIgnoreCase("off") || value.equals("0")) {
            return null;
        }
        return Settings.duration("docbridge.search.rescan-interval", value);
    }

    /** The share of the time a walk of the search index may take, in (0, 1]. */
    static double rescanShare(String setting) {
        try {
            double d = Double.parseDouble(setting.strip());
            if (d > 0 && d <= 1) {
                return d;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalStateException("docbridge.search.rescan-share: '" + setting
                + "' is not a share of the time between 0 (exclusive) and 1, e.g. 0.25");
    }

    void close(@Disposes DocumentStore store) throws Exception {
        if (store instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
