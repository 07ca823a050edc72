package org.docbridge.ops;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.logging.Logger;
import org.docbridge.runtime.Settings;
import org.docbridge.writes.UploadRegistry;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where the node is in its life: starting until every component opened, then serving, then
 * stopping. An orderly stop (undeploy, or the server stopping) first makes readiness answer DOWN,
 * so that a load balancer takes the node out of rotation, then refuses new uploads and waits at
 * most {@code docbridge.stop.grace} for the running ones.
 */
@ApplicationScoped
public class Lifecycle {

    private static final Logger LOG = Logger.getLogger(Lifecycle.class.getName());

    @Inject
    UploadRegistry uploads;

    @Inject
    Metrics metrics;

    @Inject
    org.docbridge.store.DocumentStore store;

    @Inject
    @ConfigProperty(name = "docbridge.stop.grace", defaultValue = "PT30S")
    String graceSetting;

    private volatile boolean started;
    private volatile boolean stopping;
    private Duration grace;
    private volatile long minFree;

    /** Called once every component has opened, with the free-space limit of the readiness check. */
    public void started(long minFree) {
        this.minFree = minFree;
        grace = Settings.duration("docbridge.stop.grace", graceSetting);
        metrics.gauge("docbridge.uploads.running", "Uploads whose content is streaming in on this node",
                uploads::running);
        metrics.gauge("docbridge.store.free.bytes", "Bytes free on the documents' file system", () -> {
            try {
                return store.usableBytes();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        metrics.gauge("docbridge.store.min.free.bytes", "docbridge.health.min-free-bytes: below it the node is not"
                + " ready", () -> minFree);
        metrics.gauge("docbridge.upload.sessions.open", "Upload sessions (on every node) whose content has not"
                + " arrived yet", uploads::awaitingContent);
        started = true;
    }

    public boolean isStarted() {
        return started;
    }

    public boolean isStopping() {
        return stopping;
    }

    void stop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object event) {
        stopping = true;
        if (!started) {
            return;
        }
        int running = uploads.running();
        if (running == 0) {
            LOG.info("docbridge is stopping: readiness is DOWN, no upload was running");
            return;
        }
        LOG.info(() -> "docbridge is stopping: readiness is DOWN, new uploads get 503; waiting at most " + grace
                + " (docbridge.stop.grace) for " + running + " upload(s) in flight");
        try {
            boolean done = uploads.drain(grace, left -> LOG.info(() -> "Stopping: " + left + " upload(s) still running"));
            if (done) {
                LOG.info("Stopping: every upload in flight has finished");
            } else {
                LOG.warning(() -> "Stopping: " + uploads.running() + " upload(s) still running after " + grace
                        + "; they fail now, leave nothing stored and Workfront sends them again");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
