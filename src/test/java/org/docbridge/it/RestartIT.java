package org.docbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.URL;
import java.nio.file.Path;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Ids and links survive stopping and starting the server on the same data folder; links use the public URL. */
@ExtendWith(ArquillianExtension.class)
class RestartIT {

    @Deployment(name = "restartable", managed = false, testable = false)
    @TargetsContainer("payara-micro-restartable")
    static WebArchive deployment() {
        return Deployments.product();
    }

    @ArquillianResource
    Deployer deployer;

    @Test
    void idsMetadataAndLinksAreTheSameAfterARestart() throws Exception {
        Path dir = Store.fresh("restart");
        Store.write(dir, "kept.txt", "kept");
        Store.write(dir, "nested/deeper/inner.txt", "inner");
        Api api = new Api(new URL("http://127.0.0.1:" + System.getProperty("it.restart.port") + "/docbridge/"));

        deployer.deploy("restartable");
        JsonArray before;
        JsonObject inner;
        try {
            before = api.get("files", "parentId", api.idOf("restart")).array();
            inner = api.find("restart/nested/deeper/inner.txt");
        } finally {
            deployer.undeploy("restartable");
        }

        deployer.deploy("restartable");
        try {
            String restartId = api.idOf("restart");
            JsonArray after = api.get("files", "parentId", restartId).array();
            for (int i = 0; i < before.size(); i++) {
                assertEquals(before.getJsonObject(i).getString("id"), after.getJsonObject(i).getString("id"));
            }
            assertEquals(inner.getString("id"), api.idOf("restart/nested/deeper/inner.txt"));
            assertEquals("inner.txt", api.get("metadata", "id", inner.getString("id")).object().getString("title"));
            assertEquals("inner", api.get("download", "id", inner.getString("id")).body());
            // links point at the configured public URL (a proxy in front of this server) ...
            String link = inner.getString("downloadLink");
            String publicUrl = "https://docbridge.example.com/base/";
            assertTrue(link.startsWith(publicUrl + "links/download/" + inner.getString("id") + "?"), link);
            // ... and one handed out before the restart still opens the document
            assertEquals("inner", api.browser(api.root() + link.substring(publicUrl.length()), Map.of()).body());
        } finally {
            deployer.undeploy("restartable");
        }
    }
}
