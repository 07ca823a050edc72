package org.docbridge.ops;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import org.docbridge.runtime.Settings;
import org.docbridge.store.DocumentStore;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: the disk under the store has more than {@code docbridge.health.min-free-bytes} free,
 * so that a node whose disk fills up stops getting uploads before they start failing.
 */
@Readiness
@ApplicationScoped
public class DiskCheck implements HealthCheck {

    @Inject
    DocumentStore store;

    @Inject
    @ConfigProperty(name = "docbridge.health.min-free-bytes", defaultValue = "1G")
    String minFreeSetting;

    private volatile long minFree = -1;

    /** The limit; calling it at start checks the setting. */
    public long minFree() {
        if (minFree < 0) {
            minFree = Settings.bytes("docbridge.health.min-free-bytes", minFreeSetting);
        }
        return minFree;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder r = HealthCheckResponse.named("docbridge-disk");
        long limit = minFree();
        try {
            long free = store.usableBytes();
            r.withData("freeBytes", free).withData("minFreeBytes", limit);
            if (free < limit) {
                return Checks.down(r, "only " + Checks.size(free) + " free for the documents, below"
                        + " docbridge.health.min-free-bytes (" + Checks.size(limit) + ")");
            }
            return Checks.up(r);
        } catch (IOException | RuntimeException e) {
            return Checks.down(r, "the free space of the documents' disk cannot be read (" + Checks.describe(e) + ")");
        }
    }
}
