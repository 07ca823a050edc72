package org.docbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * OAuth2 on every server the protocol tests run on (Payara Micro, and WildFly with its datasource):
 * an embedded user added with the administrators' command logs in, consents, and Workfront's calls
 * with the token act as that user, beside ApiKey calls on the same server; refreshes rotate. The
 * browser-level and directory suites (OAuthBrowserIT, DirectoryIT) run on Payara Micro nodes of their own.
 */
class OAuthIT extends ProductIT {

    @Test
    void aPersonConnectsAndWorkfrontActsAsThemBesideApiKeyCalls() throws Exception {
        String root = api.root();
        String olgaName = "olga-" + System.currentTimeMillis() + "@example.com"; // the test servers' state outlives a run
        OAuthFlow.users(root, Store.WORK, "Olga's long password 1", "add", olgaName, "--password-stdin");
        String code = new OAuthFlow(root).code(olgaName, "Olga's long password 1", "oauth-it");
        OAuthFlow.Reply tokens = OAuthFlow.exchange(root, code);
        assertEquals(3600, tokens.json().getInt("expires_in"));

        Api olga = api.bearer(tokens.access());
        Store.folder(Store.DOCUMENTS, "oauth-it");
        String folder = api.idOf("oauth-it");
        JsonObject made = olga.call("POST", "createFolder", "parentId", folder, "name", "Olga's").ok().object();
        assertTrue(made.getString("title").startsWith("Olga's"), made.toString()); // "Olga's (1)" when the store kept an earlier run's
        assertEquals(200, api.get("files", "parentId", folder).status, "ApiKey calls go on beside");

        // Workfront may send the parameters in the query string, with no body at all
        java.net.http.HttpResponse<String> byQuery = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(root + "oauth/token?grant_type=refresh_token"
                        + "&refresh_token=" + OAuthFlow.enc(tokens.refresh()) + "&client_id=" + OAuthFlow.CLIENT
                        + "&client_secret=" + OAuthFlow.enc(OAuthFlow.SECRET)))
                        .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, byQuery.statusCode(), byQuery.body());
        OAuthFlow.Reply refreshed = new OAuthFlow.Reply(200, jakarta.json.Json.createReader(
                new java.io.StringReader(byQuery.body())).readObject());
        assertNotEquals(tokens.refresh(), refreshed.refresh());
        assertEquals(200, api.bearer(refreshed.access()).get("metadata", "id", made.getString("id")).status);
        OAuthFlow.pastTheGrace();
        OAuthFlow.refresh(root, tokens.refresh()).refused("invalid_grant");
        assertEquals(403, api.bearer(refreshed.access()).get("metadata", "id", made.getString("id")).status,
                "the replayed refresh token revoked the family");
    }

    @Test
    void anInvalidTokenIsA403InTheProtocolsErrorShape() {
        Api.Reply reply = api.bearer("no-such-token").get("files", "parentId", "/");
        assertEquals(403, reply.status);
        assertEquals("error", reply.object().getString("status"));
        assertTrue(reply.object().getString("error").contains("refresh it"), reply.object().toString());
    }
}
