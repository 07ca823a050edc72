package org.docbridge.writes;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.logging.Logger;
import org.docbridge.state.ChangeFeed;
import org.docbridge.state.StateException;
import org.docbridge.store.DocumentStore;
import org.docbridge.store.Item;
import org.docbridge.store.NoSuchItemException;
import org.docbridge.web.Audit;

/**
 * Removes the placeholders of abandoned uploads: an item made by uploadInit whose content never
 * arrived within {@code docbridge.upload.session-ttl}. Runs on an EJB timer every half session
 * (at least every second, at most every minute). At start it also clears what uploads interrupted
 * by the last stop left behind. Every node runs it; the upload registry lets one node claim each
 * placeholder, so each is removed once.
 */
@Singleton
@Startup
public class UploadExpiry {

    private static final Logger LOG = Logger.getLogger(UploadExpiry.class.getName());

    @Resource
    TimerService timers;

    @Inject
    UploadRegistry registry;

    @Inject
    DocumentStore store;

    @Inject
    org.docbridge.access.Access access;

    @Inject
    ChangeFeed feed;

    @PostConstruct
    void start() {
        for (UploadRegistry.Session session : registry.recent(Instant.now())) {
            store.discardInterruptedUploads(session.id);
        }
        long every = Math.max(1000, Math.min(60_000, registry.ttl().toMillis() / 2));
        timers.createIntervalTimer(every, every, new TimerConfig("docbridge upload expiry", false));
        LOG.fine(() -> "Upload expiry runs every " + every + " ms");
    }

    @Timeout
    void expire() {
        List<UploadRegistry.Session> expired;
        Instant now = Instant.now();
        try {
            feed.catchUp(); // the lock checks below see locks made on other nodes
            expired = registry.expired(now);
        } catch (StateException e) {
            LOG.fine(() -> "Upload expiry skipped this time: " + e.getMessage());
            return; // the database said why (logged there); the next run tries again
        }
        for (UploadRegistry.Session session : expired) {
            try {
                if (!registry.beginExpiry(session, now)) {
                    continue; // an upload started or completed meanwhile, or another node claimed it
                }
            } catch (StateException e) {
                return; // the database is away: the next run tries again
            }
            Audit audit = Audit.of(session.user, "expire-upload").with("id", session.id);
            try {
                Item item;
                try {
                    item = store.get(session.id);
                } catch (NoSuchItemException gone) {
                    registry.forget(session.id);
                    continue;
                }
                audit.with("name", item.name());
                if (access.isLocked(session.id)) {
                    registry.completed(session.id, item.size()); // kept for good: not looked at again
                    audit.done("kept", "the placeholder is locked");
                } else if (!item.folder() && item.size() == 0) {
                    store.delete(session.id);
                    registry.forget(session.id);
                    audit.with("bytes", 0).ok();
                } else {
                    // content came by another way (written on the server itself): keep it
                    registry.completed(session.id, item.size());
                    audit.done("kept", "the placeholder has content");
                }
            } catch (RuntimeException e) {
                audit.failed(e.getMessage());
                LOG.warning(() -> "Could not remove the placeholder of an abandoned upload (id " + session.id + "): " + e);
            } finally {
                endExpiry(session.id);
            }
        }
    }

    /** A claim that cannot be given up now lapses by itself ({@link UploadRegistry#CLAIM}). */
    private void endExpiry(String id) {
        try {
            registry.endExpiry(id);
        } catch (StateException e) {
            LOG.fine(() -> "The claim on the placeholder " + id + " lapses by itself: " + e.getMessage());
        }
    }
}
