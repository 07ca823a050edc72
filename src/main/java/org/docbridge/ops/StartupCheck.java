package org.docbridge.ops;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Startup;

/** Started: every component has opened (the store, the state database, the keys, the renderers...). */
@Startup
@ApplicationScoped
public class StartupCheck implements HealthCheck {

    @Inject
    Lifecycle lifecycle;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder r = HealthCheckResponse.named("docbridge-startup")
                .withData("started", lifecycle.isStarted());
        return lifecycle.isStarted() ? Checks.up(r) : Checks.down(r, "the node is still starting");
    }
}
