package org.docbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * OAuth2 logins against a company directory: a real OpenLDAP (Debian's slapd, started and filled by
 * the test) behind a Payara Micro node of the test's own. Directory users log in with their directory
 * password, their directory groups drive the {@code @group} access rules (groups no setting lists:
 * the start accepts them), embedded users no longer log in, and a user removed from the directory
 * loses access at the next refresh.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class DirectoryIT {

    static final Path WORK = Path.of(Store.WORK + "-directory");
    static Slapd slapd;
    static Node node;
    static String root;

    @BeforeAll
    static void start() throws Exception {
        Store.delete(WORK);
        slapd = Slapd.start(WORK.resolve("slapd"));
        Map<String, String> settings = new TreeMap<>(OAuthFlow.settings());
        settings.putAll(slapd.settings());
        // finance reads the ledgers, nobody else does; legal writes the contracts, everybody reads them
        settings.put("DOCBRIDGE_ACCESS_RULES", "* none /ledgers; @finance read /ledgers; * read /contracts;"
                + " @legal write /contracts");
        node = new Node("directory", WORK, settings);
        Store.write(node.data().resolve("documents"), "ledgers/2026-Q1.csv", "quarter,total\nQ1,100\n");
        Store.write(node.data().resolve("documents"), "contracts/NDA.txt", "confidential");
        node.start();
        node.awaitReady(Duration.ofSeconds(180));
        root = node.api().root();
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
        if (slapd != null) {
            slapd.close();
        }
    }

    /** A directory user's access token, through the login and consent pages. */
    static OAuthFlow.Reply connect(String uid, String password) {
        return OAuthFlow.exchange(root, new OAuthFlow(root).code(uid, password, "dir-" + uid));
    }

    @Test
    void directoryUsersLogInAndTheirGroupsDecideWhatTheyMayDo() {
        Api ann = node.api().bearer(connect("ann", Slapd.password("ann")).access());
        Api bob = node.api().bearer(connect("Bob", Slapd.password("bob")).access());
        String ledgers = ann.idOf("ledgers");
        String contracts = bob.idOf("contracts");

        // Ann is in finance: she reads the ledgers; Bob, in legal, may not even see them
        JsonArray annSees = ann.get("files", "parentId", ledgers).ok().array();
        assertEquals("2026-Q1.csv", annSees.getJsonObject(0).getString("title"));
        assertEquals(403, bob.get("files", "parentId", ledgers).status);
        // Bob writes the contracts, Ann only reads them
        assertEquals(200, bob.call("POST", "createFolder", "parentId", contracts, "name", "Signed").status);
        assertEquals(403, ann.call("POST", "createFolder", "parentId", contracts, "name", "Ann's").status);
        assertEquals(200, ann.get("files", "parentId", contracts).status);
    }

    @Test
    void aWrongDirectoryPasswordAndAnUnknownUserAreRefusedAlike() {
        OAuthFlow.Page wrong = new OAuthFlow(root).login("ann", "not her password", "d2");
        OAuthFlow.Page unknown = new OAuthFlow(root).login("nobody", "any password at all", "d2");
        assertEquals(200, wrong.status());
        assertEquals(200, unknown.status());
        String alert = "The user name or the password is not right.";
        assertTrue(wrong.body().contains(alert) && unknown.body().contains(alert));
        // an empty password is an anonymous bind to many directories: never a login
        assertEquals(200, new OAuthFlow(root).login("ann", " ", "d2").status());
    }

    @Test
    void withADirectoryTheEmbeddedUsersDoNotLogIn() {
        OAuthFlow.users(root, node.data(), "an embedded password", "add", "dora@example.com", "--password-stdin");
        OAuthFlow.Page page = new OAuthFlow(root).login("dora@example.com", "an embedded password", "d3");
        assertEquals(200, page.status(), "refused: logins go to the directory");
        assertTrue(page.body().contains("role=\"alert\""));
    }

    @Test
    @org.junit.jupiter.api.Order(Integer.MAX_VALUE)
    void aDirectoryThatCannotBeReachedDecidesNothing() throws Exception {
        Api ann = node.api().bearer(connect("ann", Slapd.password("ann")).access());
        String ledgers = ann.idOf("ledgers");
        slapd.close();
        OAuthFlow.Page login = new OAuthFlow(root).login("ann", Slapd.password("ann"), "d5");
        assertEquals(503, login.status());
        assertTrue(login.body().contains("Sign-in is unavailable"), login.body());
        // her groups are remembered for a minute; after that, rules naming groups answer 503, never a guess
        Thread.sleep(61_000);
        Api.Reply files = ann.get("files", "parentId", ledgers);
        assertEquals(503, files.status);
        assertTrue(files.object().getString("error").contains("directory"), files.object().toString());
    }

    @Test
    void aUserRemovedFromTheDirectoryLosesAccessAtTheNextRefresh() {
        slapd.addUser("erin", "Erin Verdi", "erin-directory-password");
        OAuthFlow.Reply tokens = connect("erin", "erin-directory-password");
        assertEquals(200, node.api().bearer(tokens.access()).get("files", "parentId", "/").status);
        OAuthFlow.Reply refreshed = OAuthFlow.refresh(root, tokens.refresh());
        assertEquals(200, refreshed.status(), "still in the directory: refreshed");

        slapd.deleteUser("erin");
        OAuthFlow.refresh(root, refreshed.refresh()).refused("invalid_grant");
        assertEquals(403, node.api().bearer(refreshed.access()).get("files", "parentId", "/").status,
                "the refusal revoked the family");
        assertFalse(new OAuthFlow(root).login("erin", "erin-directory-password", "d4").status() == 303);
    }
}
