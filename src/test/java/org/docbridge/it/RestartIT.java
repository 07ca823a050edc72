package org.docbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

/**
 * Ids, links, upload sessions, Workfront's ids and locks survive stopping and starting the server on the same
 * data folder; links use the public URL.
 */
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

    @Test
    void writesUploadSessionsWorkfrontIdsAndPermissionsSurviveARestart() throws Exception {
        Path dir = Store.fresh("restart-writes");
        Store.write(dir, "a/b/inside.txt", "inside");
        Store.delete(Store.DOCUMENTS.resolve("access"));
        Store.write(Store.DOCUMENTS, "access/readonly/rule.txt", "ruled");
        Api api = new Api(new URL("http://127.0.0.1:" + System.getProperty("it.restart.port") + "/docbridge/"));
        String documentId = "0123456789abcdef0123456789abcdef";
        String versionId = "aaaabbbbccccddddeeeeffff00001111";

        deployer.deploy("restartable");
        String sent;
        String created;
        String a;
        String inside;
        try {
            String folderId = api.idOf("restart-writes");
            sent = api.call("POST", "uploadInit", "parentId", folderId, "filename", "sent.pdf",
                    "documentId", documentId, "documentVersionId", versionId).ok().object().getString("id");
            api.upload(sent, "version one".getBytes(java.nio.charset.StandardCharsets.UTF_8)).ok();
            created = api.call("POST", "createFolder", "parentId", folderId, "name", "made").ok().object().getString("id");
            a = api.idOf("restart-writes/a");
            inside = api.idOf("restart-writes/a/b/inside.txt");
            api.call("PUT", "rename", "id", a, "name", "a renamed").ok();
            api.call("GET", "customAction", "name", "lock", "id", created).ok();
            assertTrue(api.get("metadata", "id", api.idOf("access/readonly/rule.txt")).object().getBoolean("readOnly"));
        } finally {
            deployer.undeploy("restartable");
        }

        deployer.deploy("restartable");
        try {
            assertEquals("sent.pdf", api.get("metadata", "id", sent).object().getString("title"));
            assertEquals("version one", api.get("download", "id", sent).body());
            assertEquals("made", api.get("metadata", "id", created).object().getString("title"));
            assertEquals(inside, api.idOf("restart-writes/a renamed/b/inside.txt"));
            assertEquals("a renamed", api.get("metadata", "id", a).object().getString("title"));
            // the upload session is still its user's, and still open
            api.as("somebody-else@example.com").upload(sent, new byte[1]).uploadError(403);
            api.upload(sent, "version two".getBytes(java.nio.charset.StandardCharsets.UTF_8)).ok();
            assertEquals("version two", api.get("download", "id", sent).body());
            // the lock still holds, and is still its user's to lift
            assertTrue(api.get("metadata", "id", created).object().getBoolean("readOnly"));
            api.call("POST", "createFolder", "parentId", created, "name", "inside").error(403);
            api.as("somebody-else@example.com").call("GET", "customAction", "name", "unlock", "id", created).error(403);
            api.call("GET", "customAction", "name", "unlock", "id", created).ok();
            assertFalse(api.get("metadata", "id", created).object().getBoolean("readOnly"));
            // Workfront's ids are still recorded against the item: an action by those ids finds it
            api.call("GET", "customAction", "name", "lock", "documentId", documentId, "documentVersionId", versionId)
                    .ok();
            assertTrue(api.get("metadata", "id", sent).object().getBoolean("readOnly"));
            api.call("GET", "customAction", "name", "unlock", "documentId", documentId).ok();
            assertFalse(api.get("metadata", "id", sent).object().getBoolean("readOnly"));
            // permissions come from the same configuration
            String rule = api.idOf("access/readonly/rule.txt");
            assertTrue(api.get("metadata", "id", rule).object().getBoolean("readOnly"));
            api.call("PUT", "rename", "id", rule, "name", "x.txt").error(403);
        } finally {
            deployer.undeploy("restartable");
        }
    }
}
