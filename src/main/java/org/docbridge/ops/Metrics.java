package org.docbridge.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * docbridge's numbers, in one Micrometer registry inside the WAR, so that their names are the same
 * on every server: requests and their latency per endpoint, method and status, bytes downloaded
 * and uploaded, upload sessions, action runs, thumbnails, authentication failures, and the JVM's
 * own (heap, GC, threads, file descriptors). With {@code docbridge.metrics.enabled=false} nothing
 * is recorded and {@code /metrics} answers 404.
 */
@ApplicationScoped
public class Metrics {

    private static final Logger LOG = Logger.getLogger(Metrics.class.getName());

    @Inject
    @ConfigProperty(name = "docbridge.metrics.enabled", defaultValue = "true")
    boolean enabled;

    @Inject
    @ConfigProperty(name = "docbridge.metrics.key")
    java.util.Optional<String> key;

    @Inject
    @ConfigProperty(name = "docbridge.metrics.key-file")
    java.util.Optional<String> keyFile;

    @Inject
    @ConfigProperty(name = "docbridge.metrics.allow", defaultValue = "127.0.0.1, ::1")
    String allow;

    private MetricsAccess access;

    private PrometheusMeterRegistry registry;
    private JvmGcMetrics gc;
    /** Meters by their labels: a lookup in the registry builds an id and a tag list each time. */
    private final Map<String, Timer> requests = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private Counter downloaded;
    private Counter uploaded;

    @PostConstruct
    void open() {
        String secret = org.docbridge.runtime.Settings.secret("docbridge.metrics.key", key, "docbridge.metrics.key-file",
                keyFile);
        if (secret != null) {
            org.docbridge.auth.SecretLength.check("docbridge.metrics.key", "the key", secret);
        }
        access = new MetricsAccess(secret, allow);
        if (!enabled) {
            LOG.info("Metrics are off (docbridge.metrics.enabled=false): /metrics answers 404");
            return;
        }
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        gc = new JvmGcMetrics();
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        downloaded = Counter.builder("docbridge.download").baseUnit("bytes")
                .description("Bytes of documents sent: /download and the view and download links").register(registry);
        uploaded = Counter.builder("docbridge.upload").baseUnit("bytes")
                .description("Bytes of documents received by /upload").register(registry);
        LOG.info(() -> "Metrics at /metrics for " + (secret != null ? "the key in docbridge.metrics.key and " : "")
                + "the addresses " + access.describe() + " (docbridge.metrics.allow)");
    }

    @PreDestroy
    void close() {
        if (gc != null) {
            gc.close(); // its listeners on the GC beans would otherwise outlive the deployment
        }
        if (registry != null) {
            registry.close();
        }
    }

    public boolean enabled() {
        return registry != null;
    }

    /** Whether a caller from {@code remoteAddress} with this Authorization header may read the metrics. */
    boolean permits(String remoteAddress, String authorization) {
        return access.permits(remoteAddress, authorization);
    }

    /** The registry's text in Prometheus' exposition format (version 0.0.4). */
    String scrape() {
        return registry.scrape();
    }

    /**
     * One finished HTTP request to {@code path} (below the context root): its latency, and the
     * document bytes it sent when it was a download.
     */
    public void request(String path, String method, int status, long nanos, long bytesSent) {
        if (registry == null) {
            return;
        }
        String endpoint = Endpoints.of(path);
        if (bytesSent > 0 && (endpoint.equals("/api/download") || endpoint.equals("/links/view")
                || endpoint.equals("/links/download"))) {
            downloaded.increment(bytesSent);
        }
        String m = method(method);
        String key = endpoint + ' ' + m + ' ' + status;
        Timer timer = requests.get(key);
        if (timer == null) {
            timer = requests.computeIfAbsent(key, k -> Timer.builder("docbridge.http.requests")
                    .description("HTTP requests served, by endpoint, method and status, and how long they took")
                    .tags("endpoint", endpoint, "method", m, "status", String.valueOf(status))
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofMinutes(5))
                    .register(registry));
        }
        timer.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** The content of an upload was stored whole. */
    public void uploaded(long bytes) {
        if (registry != null && bytes > 0) {
            uploaded.increment(bytes);
        }
    }

    /** A custom action's run ended: {@code success}, {@code failure} or {@code timeout}; async ones when they end. */
    public void actionRun(String action, String result) {
        count("docbridge.action.runs", "Custom action runs, by action and result", "action", action, "result", result);
    }

    /**
     * A thumbnail drawn, or found impossible: {@code kind} is {@code image}, {@code pdf} or
     * {@code office}; {@code result} {@code rendered} or {@code refused} (no thumbnail for this file).
     */
    public void thumbnailRender(String kind, String result) {
        count("docbridge.thumbnail.renders", "Thumbnails drawn (or refused), by kind and result",
                "kind", kind, "result", result);
    }

    /** A thumbnail (or the knowledge that there is none) answered from the cache, without rendering. */
    public void thumbnailCacheHit() {
        count("docbridge.thumbnail.cache.hits", "Thumbnails answered from the cache");
    }

    /**
     * A failed authentication: {@code mode} {@code apikey}, {@code bearer}, {@code login} (the OAuth
     * login page) or {@code client} (the token endpoint's client credentials); {@code reason} one of
     * a few fixed words.
     */
    public void authFailure(String mode, String reason) {
        count("docbridge.auth.failures", "Failed authentications, by mode and reason", "mode", mode, "reason", reason);
    }

    /** A gauge read at each scrape; a supplier that fails shows as NaN for that scrape. */
    public void gauge(String name, String description, Supplier<Number> value) {
        if (registry != null) {
            Gauge.builder(name, () -> {
                try {
                    return value.get();
                } catch (RuntimeException e) {
                    return Double.NaN; // the state database is down: the scrape itself still answers
                }
            }).description(description).register(registry);
        }
    }

    private void count(String name, String description, String... tags) {
        if (registry == null) {
            return;
        }
        String key = name + String.join(" ", tags);
        counters.computeIfAbsent(key, k -> Counter.builder(name).description(description).tags(tags)
                .register(registry)).increment();
    }

    private static String method(String method) {
        return switch (method) {
            case "GET", "PUT", "POST", "DELETE", "HEAD", "OPTIONS", "PATCH" -> method;
            default -> "other";
        };
    }

    /** For the log: how the registry is set up. */
    @Override
    public String toString() {
        return registry == null ? "metrics off" : "metrics on (" + registry.getMeters().size() + " meters)";
    }
}
