package org.docbridge.ops;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.docbridge.state.Database;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Readiness: the state database (embedded or shared) answers within 2 seconds. */
@Readiness
@ApplicationScoped
public class DatabaseCheck implements HealthCheck {

    @Inject
    Database database;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder r = HealthCheckResponse.named("docbridge-database");
        long started = System.nanoTime();
        try {
            boolean valid = database.read(c -> c.isValid(2));
            r.withData("millis", (System.nanoTime() - started) / 1_000_000);
            return valid ? Checks.up(r) : Checks.down(r, "the state database did not answer within 2 s");
        } catch (RuntimeException e) {
            return Checks.down(r, "the state database does not answer (" + Checks.describe(e) + ")");
        }
    }
}
