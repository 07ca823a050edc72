package org.docbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Health and metrics on whichever server runs the suite: on Payara Micro the server's MicroProfile
 * Health at the HTTP port's root, on WildFly (set up by server-config/wildfly/configure.cli) on the
 * management interface. The store made unwritable (the immutable attribute: root writes anywhere
 * else) and, on WildFly, the state database stopped, take readiness DOWN until the fault goes.
 */
class HealthAndMetricsIT extends ProductIT {

    static final boolean WILDFLY = "wildfly".equals(System.getProperty("arquillian.launch"));

    private Api health() {
        return Api.at(WILDFLY ? "http://127.0.0.1:9990/" : "http://127.0.0.1:" + url.getPort() + "/");
    }

    @Test
    void readyLiveAndStartedNameDocbridgesChecks() {
        JsonObject ready = Ops.health(health(), "ready", 200);
        assertEquals("UP", ready.getString("status"));
        for (String name : List.of("docbridge-lifecycle", "docbridge-store", "docbridge-disk", "docbridge-database")) {
            assertEquals("UP", Ops.check(ready, name).getString("status"), name);
        }
        assertEquals("UP", Ops.check(Ops.health(health(), "live", 200), "docbridge-threads").getString("status"));
        assertEquals("UP", Ops.check(Ops.health(health(), "started", 200), "docbridge-startup").getString("status"));
    }

    @Test
    void anUnwritableStoreTakesTheNodeOutOfRotationUntilItIsWritableAgain() throws Exception {
        String root = Store.DOCUMENTS.toString();
        Ops.run("chattr", "+i", root);
        try {
            JsonObject store = Ops.check(Ops.health(health(), "ready", 503), "docbridge-store");
            assertEquals("DOWN", store.getString("status"));
            String reason = store.getJsonObject("data").getString("reason");
            assertTrue(reason.startsWith("the documents' folder cannot be read and written"), reason);
            assertFalse(reason.contains(root), "the reason shows a server path: " + reason);
            Ops.health(health(), "live", 200);
        } finally {
            Ops.run("chattr", "-i", root);
        }
        Ops.awaitReady(health(), 60);
    }

    @Test
    @EnabledIfSystemProperty(named = "arquillian.launch", matches = "wildfly")
    void onWildFlyAStoppedDatabaseTakesTheNodeOutOfRotationUntilItIsBack() throws Exception {
        String cluster = System.getProperty("it.pg.script");
        String dir = System.getProperty("it.pg.dir");
        Ops.run("bash", cluster, "halt", dir);
        try {
            JsonObject database = Ops.check(Ops.health(health(), "ready", 503), "docbridge-database");
            assertEquals("DOWN", database.getString("status"));
            assertTrue(database.getJsonObject("data").getString("reason").contains("state database"));
        } finally {
            Ops.run("bash", cluster, "resume", dir);
        }
        Ops.awaitReady(health(), 60);
    }

    @Test
    void metricsHaveTheSameNamesOnEveryServer() {
        api.get("metadata", "id", "/").ok();
        // the tests call from loopback, which docbridge.metrics.allow lets in by default
        Api.Reply metrics = api.raw("GET", "metrics", Map.of(), false);
        assertEquals(200, metrics.status, metrics.body());
        assertTrue(metrics.header("Content-Type").startsWith("text/plain"));
        String text = metrics.body();
        assertTrue(OperationsIT.value(text, "docbridge_http_requests_seconds_count", "endpoint", "/api/metadata",
                "status", "200") >= 1, "no /metadata request counted");
        for (String name : List.of("docbridge_download_bytes_total", "docbridge_upload_bytes_total",
                "docbridge_upload_sessions_open", "docbridge_uploads_running", "docbridge_store_free_bytes",
                "docbridge_store_min_free_bytes", "jvm_memory_used_bytes",
                "process_files_open_files", "jvm_threads_live_threads")) {
            assertTrue(text.contains("\n" + name), "no " + name);
        }
    }




}
