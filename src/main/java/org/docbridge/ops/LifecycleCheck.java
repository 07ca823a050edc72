package org.docbridge.ops;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Readiness: every component has opened, and the node is not stopping. */
@Readiness
@ApplicationScoped
public class LifecycleCheck implements HealthCheck {

    @Inject
    Lifecycle lifecycle;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder r = HealthCheckResponse.named("docbridge-lifecycle")
                .withData("started", lifecycle.isStarted()).withData("stopping", lifecycle.isStopping());
        if (lifecycle.isStopping()) {
            return Checks.down(r, "the node is stopping");
        }
        return lifecycle.isStarted() ? Checks.up(r) : Checks.down(r, "the node is still starting");
    }
}
