package org.docbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A company's own handlers, added to the WAR as a jar in WEB-INF/lib (org.docbridge.it.handlers), on
 * the test server configured with environment variables (see the pom): docbridge.actions lists the
 * built-ins, then stamp, fail, crash, slow, background, old-archive (the archive handler with other
 * settings) and ghost (no handler at all).
 */
@ExtendWith(ArquillianExtension.class)
class CompanyActionsIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.withCompanyHandlers();
    }

    @ArquillianResource
    URL url;

    Api api;
    Path dir;
    String folderId;

    @BeforeEach
    void setUp() {
        api = new Api(url);
        dir = Store.fresh("company");
        folderId = api.idOf("company");
    }

    @Test
    void serviceInfoOffersTheConfiguredActionsInOrderWithoutTheOneLackingAHandler() {
        assertEquals(Json.createReader(new StringReader("""
                [{"name":"archive","displayName":"Archive"},
                 {"name":"publish","displayName":"Publish to the share"},
                 {"name":"lock","displayName":"Lock"},
                 {"name":"unlock","displayName":"unlock"},
                 {"name":"notify","displayName":"Tell the records team"},
                 {"name":"stamp","displayName":"Stamp as approved"},
                 {"name":"fail","displayName":"fail"},
                 {"name":"crash","displayName":"crash"},
                 {"name":"slow","displayName":"slow"},
                 {"name":"background","displayName":"background"},
                 {"name":"old-archive","displayName":"Archive 2020"}]""")).readArray(),
                api.getAnonymous("serviceInfo").object().getJsonArray("customActions"));
        api.call("GET", "customAction", "name", "ghost", "id", "/").error(404);
    }

    @Test
    void theCompanysHandlerRunsWithItsOwnSettings() {
        String id = api.sendTo(folderId, "contract.pdf", "terms".getBytes(StandardCharsets.UTF_8)).getString("id");
        JsonObject reply = api.call("GET", "customAction", "name", "stamp", "documentId",
                "0123456789abcdef0123456789abcdef", "documentVersionId", "fedcba9876543210fedcba9876543210").ok().object();
        assertEquals("success", reply.getString("status"));
        assertEquals("stamped as contract-approved.pdf by " + Api.USER, reply.getString("message"));
        assertEquals("contract-approved.pdf", api.get("metadata", "id", id).object().getString("title"));
        assertEquals("terms", api.get("download", "id", id).body());
    }

    @Test
    void oneHandlerServesTwoActionsWithDifferentSettings() {
        Store.write(dir, "old.txt", "old");
        Store.write(dir, "new.txt", "new");
        String old = api.idOf("company/old.txt");
        String fresh = api.idOf("company/new.txt");
        api.call("GET", "customAction", "name", "old-archive", "id", old).ok();
        api.call("GET", "customAction", "name", "archive", "id", fresh).ok();
        assertEquals(old, api.idOf("company-archive/2020/old.txt"));
        assertEquals(fresh, api.idOf("actions-archive/2026/new.txt"));
        Store.delete(Store.DOCUMENTS.resolve("company-archive"));
        Store.delete(Store.DOCUMENTS.resolve("actions-archive"));
    }

    @Test
    void aHandlersFailureReachesTheUserAndABugDoesNot() {
        Store.write(dir, "doc.txt", "d");
        String id = api.idOf("company/doc.txt");
        assertEquals("the records system refused the document: its retention class is missing",
                api.call("GET", "customAction", "name", "fail", "id", id).error(500));
        String crash = api.call("GET", "customAction", "name", "crash", "id", id).error(500);
        assertTrue(crash.contains("reference"), crash);
        assertFalse(crash.contains("/srv") || crash.contains("hunter2") || crash.contains("IllegalState"), crash);
    }

    @Test
    void aHandlerThatExceedsItsTimeoutIsStoppedWithAClearAnswer() {
        Store.write(dir, "doc.txt", "d");
        long started = System.nanoTime();
        String message = api.call("GET", "customAction", "name", "slow", "id", api.idOf("company/doc.txt")).error(500);
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        assertTrue(message.contains("did not finish within 2 s"), message);
        assertTrue(seconds < 20, "answered after the 2 s timeout, not the handler's 30 s: " + seconds + " s");
    }

    @Test
    void anAsynchronousActionAnswersAtOnceAndFinishesInTheBackground() throws InterruptedException {
        Store.write(dir, "doc.txt", "d");
        JsonObject reply = api.call("GET", "customAction", "name", "background", "id", api.idOf("company/doc.txt"))
                .ok().object();
        assertEquals("success", reply.getString("status"));
        assertTrue(reply.getString("message").contains("background"), reply.toString());
        assertFalse(Files.exists(dir.resolve("doc.txt.processed")), "answered before the work was done");
        for (int i = 0; i < 100 && !Files.exists(dir.resolve("doc.txt.processed")); i++) {
            Thread.sleep(100);
        }
        assertTrue(Files.exists(dir.resolve("doc.txt.processed")));
    }
}
