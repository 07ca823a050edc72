package org.docbridge.ops;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import org.docbridge.store.DocumentStore;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Readiness: the store's root can be read, and a file written, forced to disk and removed there. */
@Readiness
@ApplicationScoped
public class StoreCheck implements HealthCheck {

    @Inject
    DocumentStore store;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder r = HealthCheckResponse.named("docbridge-store");
        long started = System.nanoTime();
        try {
            store.probe();
            return Checks.up(r.withData("readable", true).withData("writable", true)
                    .withData("probeMillis", (System.nanoTime() - started) / 1_000_000));
        } catch (IOException | RuntimeException e) {
            return Checks.down(r.withData("writable", false), "the documents' folder cannot be read and written ("
                    + Checks.describe(e) + ")");
        }
    }
}
