package org.docbridge.ops;

import jakarta.enterprise.context.ApplicationScoped;
import java.lang.management.ManagementFactory;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

/** Liveness: no threads are deadlocked (a node with deadlocked threads only gets better by a restart). */
@Liveness
@ApplicationScoped
public class ThreadsCheck implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        long[] stuck = ManagementFactory.getThreadMXBean().findDeadlockedThreads();
        HealthCheckResponseBuilder r = HealthCheckResponse.named("docbridge-threads")
                .withData("deadlocked", stuck == null ? 0 : stuck.length);
        return stuck == null ? Checks.up(r) : Checks.down(r, stuck.length + " threads are deadlocked; restart the node");
    }
}
