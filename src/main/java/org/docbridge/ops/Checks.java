package org.docbridge.ops;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * What the health checks share: a check that is DOWN says why in one line ({@code reason} in its
 * data), and the log gets a line when a check goes down, changes its reason or comes back, rather
 * than one per probe. Reasons never hold a path, a class name or a stack trace: the health
 * endpoints answer anyone.
 */
final class Checks {

    private static final Logger LOG = Logger.getLogger("org.docbridge.ops.health");
    /** The last reason each check gave. */
    private static final Map<String, String> REASONS = new ConcurrentHashMap<>();

    private Checks() {
    }

    static HealthCheckResponse up(HealthCheckResponseBuilder r) {
        HealthCheckResponse response = r.up().build();
        String before = REASONS.remove(response.getName());
        if (before != null) {
            LOG.info(() -> "Health: " + response.getName() + " is UP again (it was DOWN: " + before + ")");
        }
        return response;
    }

    static HealthCheckResponse down(HealthCheckResponseBuilder r, String reason) {
        HealthCheckResponse response = r.withData("reason", reason).down().build();
        String before = REASONS.put(response.getName(), reason);
        if (!reason.equals(before)) {
            LOG.warning(() -> "Health: " + response.getName() + " is DOWN: " + reason);
        }
        return response;
    }

    /** A failure in words, without a path, a stack trace or a class name. */
    static String describe(Throwable e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException fs) {
            return fs.getReason() != null ? fs.getReason() : "the file system refused";
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? "no detail" : m;
    }

    static String size(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
        }
        if (bytes >= 1L << 20) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
        }
        return bytes + " bytes";
    }
}
