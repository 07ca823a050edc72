package org.docbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.JsonObject;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * OAuth2 mode as Workfront and a person use it, in Debian's Chromium: the authorization URL with a
 * state, the login form, the consent page, the redirect to the client's Redirect URI (a receiver of
 * this test's own), the token exchange as Workfront makes it, protocol calls with the bearer token, a
 * refresh, and a replayed refresh token revoking its family. Also the refusals (wrong password,
 * CSRF, Deny, unknown client, expired and replayed codes), the Italian pages, the administrators'
 * command, a screenshot of every page at desktop and phone widths (target/screenshots/oauth) and an
 * axe-core check of each with no serious finding. One Payara Micro node of its own, embedded users.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OAuthBrowserIT {

    static final Path WORK = Path.of(Store.WORK + "-oauth");
    static final Path SHOTS = Path.of("target/screenshots/oauth").toAbsolutePath();
    static final String ANN = "ann@example.com";
    static final String ANN_PASSWORD = "Ann's long password 1";
    /** A user for the timing of failed logins, whose failures must not slow Ann's logins down. */
    static final String TIMING = "timing@example.com";
    static final String SANDBOX_SECRET = "it-oauth-client-secret-of-the-sandbox-client";

    static HttpServer receiver;
    static final List<URI> received = new CopyOnWriteArrayList<>();
    static String callback;
    static Node node;
    static String root;
    static ChromeDriver chrome;
    static final List<String> findings = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/", exchange -> {
            received.add(exchange.getRequestURI());
            byte[] page = "<!DOCTYPE html><html lang=en><title>Workfront</title><h1>Connected</h1></html>"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        receiver.start();
        callback = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/oauth2/callback";
        Store.delete(WORK);
        Files.createDirectories(SHOTS);
        Map<String, String> settings = new java.util.TreeMap<>(OAuthFlow.settings(callback));
        settings.put("DOCBRIDGE_OAUTH_CLIENTS", "workfront, sandbox");
        settings.put("DOCBRIDGE_OAUTH_CLIENT_WORKFRONT_NAME", "Workfront (production)");
        settings.put("DOCBRIDGE_OAUTH_CLIENT_SANDBOX_SECRET", SANDBOX_SECRET);
        settings.put("DOCBRIDGE_OAUTH_CLIENT_SANDBOX_REDIRECT_URI", "https://sandbox.example.com/oauth2/callback?tenant=7");
        settings.put("DOCBRIDGE_OAUTH_CODE_LIFETIME", "PT3S");
        settings.put("DOCBRIDGE_LINKS_VIEW", "page");
        node = new Node("oauth", WORK, settings);
        node.start();
        node.awaitReady(Duration.ofSeconds(180));
        root = node.api().root();
        OAuthFlow.users(root, node.data(), ANN_PASSWORD, "add", ANN, "--groups", "finance", "--display-name", "Ann Lee",
                "--password-stdin");
        OAuthFlow.users(root, node.data(), "Timing's long password", "add", TIMING, "--password-stdin");
        chrome = Chromium.start("en-US,en");
    }

    @AfterAll
    static void stop() throws Exception {
        if (chrome != null) {
            chrome.quit();
        }
        if (node != null) {
            node.close();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    static String authorizeUrl(String state) {
        return root + "oauth/authorize?client_id=workfront&state=" + state;
    }

    /** A browser without docbridge's cookies (WebDriver's own deletion reaches only the current page's path). */
    static void forgetCookies(ChromeDriver browser) {
        browser.executeCdpCommand("Network.clearBrowserCookies", Map.of());
    }

    /** Logs in through the form of the page the browser shows. */
    static void typeLogin(ChromeDriver browser, String user, String password) {
        WebElement name = browser.findElement(By.id("username"));
        name.clear();
        name.sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
    }

    static void waitFor(ChromeDriver browser, String what, java.util.function.Predicate<ChromeDriver> done) {
        new WebDriverWait(browser, Duration.ofSeconds(15)).withMessage(what).until(d -> done.test(browser));
    }

    @Test
    @Order(1)
    void theWholeWorkfrontFlowFromTheLoginPageToARevokedFamily() {
        forgetCookies(chrome);
        chrome.get(authorizeUrl("wf-state-1"));
        assertEquals("Sign in · docbridge", chrome.getTitle());
        assertTrue(chrome.getPageSource().contains("connect Workfront (production) to your documents"));
        check("login", chrome);
        typeLogin(chrome, ANN, ANN_PASSWORD);
        waitFor(chrome, "the consent page", b -> b.getTitle().startsWith("Allow access"));
        assertTrue(chrome.findElement(By.tagName("h1")).getText().contains("Workfront (production) wants to use your documents"));
        assertTrue(chrome.getPageSource().contains("Signed in as ann@example.com"));
        check("consent", chrome);
        chrome.findElement(By.cssSelector("button[value=allow]")).click();
        waitFor(chrome, "the redirect to Workfront", b -> b.getCurrentUrl().startsWith(callback));

        Map<String, String> query = OAuthFlow.query(chrome.getCurrentUrl());
        assertEquals("wf-state-1", query.get("state"));
        assertTrue(received.stream().anyMatch(u -> u.getPath().equals("/oauth2/callback")
                && URI.create(chrome.getCurrentUrl()).getRawQuery().equals(u.getRawQuery())),
                "the receiver saw the redirect the browser made: " + received);

        // Workfront exchanges the code, with the client's credentials in the form this time
        OAuthFlow.Reply tokens = postToken("grant_type", "authorization_code", "code", query.get("code"),
                "client_id", "workfront", "client_secret", SECRET_OF_WORKFRONT);
        assertEquals(200, tokens.status(), tokens.json().toString());
        assertEquals(3600, tokens.json().getJsonNumber("expires_in").intValue(), "expires_in is a number");
        assertEquals("Bearer", tokens.json().getString("token_type"));

        // protocol calls act as Ann
        Api asAnn = node.api().bearer(tokens.access());
        assertEquals(200, asAnn.get("files", "parentId", "/").status);
        Store.write(node.data().resolve("documents"), "oauth-flow/made-by-ann.txt", "x");
        String folder = node.api().idOf("oauth-flow");
        JsonObject created = asAnn.call("POST", "createFolder", "parentId", folder, "name", "Ann's folder").ok().object();
        assertEquals("Ann's folder", created.getString("title"));
        assertEquals(403, asAnn.bearer("not-a-token").get("files", "parentId", "/").status);
        assertEquals(403, asAnn.bearer("").get("files", "parentId", "/").status);

        // a refresh: a new pair, the old refresh token retired
        OAuthFlow.Reply refreshed = OAuthFlow.refresh(root, tokens.refresh());
        assertNotEquals(tokens.access(), refreshed.access());
        assertEquals(200, node.api().bearer(refreshed.access()).get("files", "parentId", "/").status);
        // the retired one presented again at once (Workfront's own parallel refreshes): refused, nothing revoked
        OAuthFlow.refresh(root, tokens.refresh()).refused("invalid_grant");
        assertEquals(200, node.api().bearer(refreshed.access()).get("files", "parentId", "/").status);
        // presented again later: a copy; refused, and every token of the family with it
        OAuthFlow.pastTheGrace();
        OAuthFlow.refresh(root, tokens.refresh()).refused("invalid_grant");
        OAuthFlow.refresh(root, refreshed.refresh()).refused("invalid_grant");
        assertEquals(403, node.api().bearer(refreshed.access()).get("files", "parentId", "/").status);
        assertEquals(403, node.api().bearer(tokens.access()).get("files", "parentId", "/").status);
    }

    static final String SECRET_OF_WORKFRONT = OAuthFlow.SECRET;

    /** The token endpoint with the client's credentials as form parameters (no Basic header). */
    static OAuthFlow.Reply postToken(String... form) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(root + "oauth/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(OAuthFlow.form(form))).build(), HttpResponse.BodyHandlers.ofString());
            return new OAuthFlow.Reply(r.statusCode(), jakarta.json.Json.createReader(new java.io.StringReader(r.body())).readObject());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(2)
    void aWrongPasswordAndAnUnknownUserLookAndTakeTheSame() {
        forgetCookies(chrome);
        chrome.get(authorizeUrl("wf-state-2"));
        long started = System.nanoTime();
        typeLogin(chrome, ANN, "not Ann's password");
        waitFor(chrome, "the form again with an alert", b -> !b.findElements(By.cssSelector("[role=alert]")).isEmpty());
        String wrongPassword = chrome.findElement(By.cssSelector("[role=alert]")).getText();
        assertEquals("The user name or the password is not right. Check them and try again.", wrongPassword);
        assertEquals(ANN, chrome.findElement(By.id("username")).getAttribute("value"), "the name is kept");
        assertEquals("", chrome.findElement(By.id("password")).getAttribute("value"), "the password never is");
        assertEquals("true", chrome.findElement(By.id("password")).getAttribute("aria-invalid"));
        check("login-failed", chrome);

        typeLogin(chrome, "nobody@example.com", "not Ann's password");
        waitFor(chrome, "the form again", b -> b.findElement(By.id("username")).getAttribute("value").startsWith("nobody"));
        assertEquals(wrongPassword, chrome.findElement(By.cssSelector("[role=alert]")).getText());

        // the same time: both at the floor, whatever the hash or the lookup cost
        OAuthFlow flow = new OAuthFlow(root, callback);
        long[] wrong = new long[3];
        long[] unknown = new long[3];
        for (int i = 0; i < 3; i++) {
            wrong[i] = timed(() -> flow.login(TIMING, "wrong password " + System.nanoTime(), "t"));
            unknown[i] = timed(() -> flow.login("nobody" + System.nanoTime() + "@example.com", "wrong password", "t"));
        }
        java.util.Arrays.sort(wrong);
        java.util.Arrays.sort(unknown);
        assertTrue(wrong[1] >= 800 && unknown[1] >= 800, "failed logins answer no sooner than 800 ms: " + wrong[1]
                + " / " + unknown[1]);
        assertTrue(Math.abs(wrong[1] - unknown[1]) < 250, "wrong password " + wrong[1] + " ms, unknown user "
                + unknown[1] + " ms (medians)");
        assertTrue(System.nanoTime() - started > 0);
    }

    static long timed(Runnable r) {
        long t = System.nanoTime();
        r.run();
        return (System.nanoTime() - t) / 1_000_000;
    }

    @Test
    @Order(3)
    void formsWithoutOrWithAForgedCsrfTokenAreRefusedAndDoNothing() {
        OAuthFlow flow = new OAuthFlow(root, callback);
        OAuthFlow.Page form = flow.get("oauth/authorize?client_id=workfront&state=s3");
        OAuthFlow.Page missing = flow.post("oauth/login", "client_id", "workfront", "state", "s3", "username", ANN,
                "password", ANN_PASSWORD);
        assertEquals(403, missing.status());
        assertTrue(missing.body().contains("This form has expired"), missing.body());
        OAuthFlow.Page forged = flow.post("oauth/login", "client_id", "workfront", "state", "s3", "csrf",
                OAuthFlow.csrf(form).substring(1) + "A", "username", ANN, "password", ANN_PASSWORD);
        assertEquals(403, forged.status());
        // a token from another browser's cookie is no good either
        OAuthFlow other = new OAuthFlow(root, callback);
        OAuthFlow.Page otherForm = other.get("oauth/authorize?client_id=workfront&state=s3");
        assertEquals(403, flow.post("oauth/login", "client_id", "workfront", "state", "s3", "csrf",
                OAuthFlow.csrf(otherForm), "username", ANN, "password", ANN_PASSWORD).status());

        // logged in, the consent form with a forged token: no code, no redirect
        assertEquals(303, flow.login(ANN, ANN_PASSWORD, "s3").status());
        OAuthFlow.Page consent = flow.get("oauth/authorize?client_id=workfront&state=s3");
        OAuthFlow.Page forgedConsent = flow.post("oauth/consent", "client_id", "workfront", "state", "s3", "csrf",
                OAuthFlow.csrf(form), "decision", "allow");
        assertEquals(403, forgedConsent.status());
        assertNull(forgedConsent.location());
        // the login page's token is not the consent page's
        assertNotEquals(OAuthFlow.csrf(form), OAuthFlow.csrf(consent));
        // the pages refuse to be framed and to be cached
        HttpResponse<String> page = rawGet(root + "oauth/authorize?client_id=workfront&state=s3");
        assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElse(""));
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("frame-ancestors 'none'"));
        assertEquals("no-store", page.headers().firstValue("Cache-Control").orElse(""));
        String cookie = page.headers().firstValue("Set-Cookie").orElse("");
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && !cookie.contains("Secure"), cookie);
        HttpResponse<String> behindHttps = rawGet(root + "oauth/authorize?client_id=workfront&state=s3",
                "X-Forwarded-Proto", "https");
        assertTrue(behindHttps.headers().firstValue("Set-Cookie").orElse("").contains("; Secure"));
    }

    static HttpResponse<String> rawGet(String url, String... headers) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
            for (int i = 0; i + 1 < headers.length; i += 2) {
                b.header(headers[i], headers[i + 1]);
            }
            return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(4)
    void denyGoesBackToWorkfrontWithAccessDeniedAndTheState() {
        forgetCookies(chrome);
        chrome.get(authorizeUrl("wf-deny"));
        typeLogin(chrome, ANN, ANN_PASSWORD);
        waitFor(chrome, "the consent page", b -> b.getTitle().startsWith("Allow access"));
        chrome.findElement(By.cssSelector("button[value=deny]")).click();
        waitFor(chrome, "the redirect to Workfront", b -> b.getCurrentUrl().startsWith(callback));
        Map<String, String> query = OAuthFlow.query(chrome.getCurrentUrl());
        assertEquals("access_denied", query.get("error"));
        assertEquals("wf-deny", query.get("state"));
        assertFalse(query.containsKey("code"));

        // a request without a state gets none back
        OAuthFlow flow = new OAuthFlow(root, callback);
        assertEquals(303, flow.login(ANN, ANN_PASSWORD, "").status());
        OAuthFlow.Page consent = flow.get("oauth/authorize?client_id=workfront");
        OAuthFlow.Page denied = flow.post("oauth/consent", "client_id", "workfront", "csrf", OAuthFlow.csrf(consent),
                "decision", "deny");
        assertEquals(callback + "?error=access_denied", denied.location());
    }

    @Test
    @Order(5)
    void anUnknownOrUnnamedClientIsAnErrorPageNeverARedirect() {
        HttpResponse<String> unknown = rawGet(root + "oauth/authorize?client_id=evil&state=x");
        assertEquals(400, unknown.statusCode());
        assertTrue(unknown.headers().firstValue("Location").isEmpty());
        assertTrue(unknown.body().contains("Unknown application"), unknown.body());
        // two clients: the URL must say which
        HttpResponse<String> unnamed = rawGet(root + "oauth/authorize?state=x");
        assertEquals(400, unnamed.statusCode());
        assertTrue(unnamed.body().contains("add client_id"), unnamed.body());
        chrome.get(root + "oauth/authorize?client_id=evil&state=x");
        check("error", chrome);
    }

    @Test
    @Order(6)
    void aCodeWorksOnceOnlyForItsClientAndNotAfterItExpires() throws Exception {
        OAuthFlow flow = new OAuthFlow(root, callback);
        String code = flow.code(ANN, ANN_PASSWORD, "s6");
        // the sandbox client may not use the production client's code
        OAuthFlow.Reply sandbox = postToken("grant_type", "authorization_code", "code", code, "client_id", "sandbox",
                "client_secret", SANDBOX_SECRET);
        assertEquals(400, sandbox.status());
        assertEquals("invalid_grant", sandbox.json().getString("error"));
        OAuthFlow.Reply first = OAuthFlow.exchange(root, code);
        String access = first.access();
        OAuthFlow.exchange(root, code).refused("invalid_grant");
        assertEquals(403, node.api().bearer(access).get("files", "parentId", "/").status,
                "a code used twice revokes what it gave");

        String late = flow.code(ANN, ANN_PASSWORD, "s6b");
        Thread.sleep(3500); // this node's codes live 3 s
        OAuthFlow.Reply expired = OAuthFlow.exchange(root, late);
        expired.refused("invalid_grant");
        assertTrue(expired.json().getString("error_description").contains("expired"), expired.json().toString());

        // wrong client credentials: RFC 6749 5.2
        OAuthFlow.Reply wrongSecret = postToken("grant_type", "authorization_code", "code", "x", "client_id", "workfront",
                "client_secret", "not-the-secret");
        wrongSecret.refused("invalid_client");
        OAuthFlow.Reply noGrant = OAuthFlow.token(root, "code", "x");
        noGrant.refused("invalid_request");
        OAuthFlow.Reply password = OAuthFlow.token(root, "grant_type", "password", "username", ANN);
        password.refused("unsupported_grant_type");
    }

    @Test
    @Order(7)
    void theItalianPages() {
        ChromeDriver italian = Chromium.start("it-IT,it");
        try {
            italian.get(authorizeUrl("wf-it"));
            assertEquals("it", italian.findElement(By.tagName("html")).getAttribute("lang"));
            assertEquals("Accedi", italian.findElement(By.tagName("h1")).getText());
            assertEquals("Nome utente", italian.findElement(By.cssSelector("label[for=username]")).getText());
            check("login-it", italian);
            typeLogin(italian, ANN, "sbagliata");
            waitFor(italian, "the alert", b -> !b.findElements(By.cssSelector("[role=alert]")).isEmpty());
            assertEquals("Il nome utente o la password non sono corretti. Controllali e riprova.",
                    italian.findElement(By.cssSelector("[role=alert]")).getText());
            typeLogin(italian, ANN, ANN_PASSWORD);
            waitFor(italian, "the consent page", b -> b.getTitle().startsWith("Consenti"));
            assertEquals("Workfront (production) vuole usare i tuoi documenti",
                    italian.findElement(By.tagName("h1")).getText());
            check("consent-it", italian);
            italian.findElement(By.cssSelector("button[value=allow]")).click();
            waitFor(italian, "the redirect", b -> b.getCurrentUrl().startsWith(callback));
            italian.get(root + "oauth/authorize?client_id=evil&state=x");
            assertEquals("Applicazione sconosciuta", italian.findElement(By.tagName("h1")).getText());
            check("error-it", italian);
        } finally {
            italian.quit();
        }
    }

    @Test
    @Order(8)
    void theDocumentPageThatViewLinkOpens() throws Exception {
        BufferedImage picture = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = picture.createGraphics();
        g.setColor(new Color(0x1747a6));
        g.fillRect(0, 0, 640, 480);
        g.setColor(Color.WHITE);
        g.fillOval(160, 80, 320, 320);
        g.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(picture, "png", png);
        Store.write(node.data().resolve("documents"), "oauth-pages/Site plan.png", png.toByteArray());
        String id = node.api().idOf("oauth-pages/Site plan.png");
        JsonObject metadata = node.api().get("metadata", "id", id).ok().object();
        String viewLink = metadata.getString("viewLink");
        assertTrue(viewLink.contains("/links/page/"), viewLink);

        chrome.get(viewLink);
        assertEquals("Site plan.png", chrome.findElement(By.tagName("h1")).getText());
        WebElement thumb = chrome.findElement(By.cssSelector("img.thumb"));
        waitFor(chrome, "the preview", b -> Boolean.TRUE.equals(b.executeScript(
                "return arguments[0].complete && arguments[0].naturalWidth > 0", thumb)));
        assertEquals(240L, ((Number) chrome.executeScript("return arguments[0].naturalWidth", thumb)).longValue());
        String open = chrome.findElement(By.linkText("Open")).getAttribute("href");
        String download = chrome.findElement(By.linkText("Download")).getAttribute("href");
        assertEquals(200, node.api().browser(open, Map.of()).status);
        assertTrue(download.contains("/links/download/"), download);
        check("document", chrome);
        // a tampered page link is a page saying so, not a JSON error
        chrome.get(viewLink.replace("signature=", "signature=x"));
        assertEquals("This link is not valid", chrome.findElement(By.tagName("h1")).getText());
    }

    @Test
    @Order(9)
    void theAdministratorsCommandDisablesEnablesAndRemovesUsers() {
        OAuthFlow.users(root, node.data(), "Bob's long password 2", "add", "bob@example.com", "--password-stdin");
        String listed = OAuthFlow.users(root, node.data(), null, "list");
        assertTrue(listed.contains("\"name\":\"bob@example.com\"") && listed.contains("\"groups\":[\"finance\"]"), listed);
        OAuthFlow flow = new OAuthFlow(root, callback);
        OAuthFlow.Reply tokens = OAuthFlow.exchange(root, flow.code("Bob@Example.com", "Bob's long password 2", "s9"));
        String access = tokens.access();
        assertEquals(200, node.api().bearer(access).get("files", "parentId", "/").status);

        OAuthFlow.users(root, node.data(), null, "disable", "bob@example.com");
        assertEquals(403, node.api().bearer(access).get("files", "parentId", "/").status, "disabling revokes at once");
        OAuthFlow.refresh(root, tokens.refresh()).refused("invalid_grant");
        assertEquals(200, new OAuthFlow(root, callback).login("bob@example.com", "Bob's long password 2", "s9").status(),
                "a disabled user cannot log in");

        OAuthFlow.users(root, node.data(), null, "enable", "bob@example.com");
        OAuthFlow browser = new OAuthFlow(root, callback);
        assertEquals(303, browser.login("bob@example.com", "Bob's long password 2", "s9").status());
        OAuthFlow.users(root, node.data(), "Bob's newer password 3", "reset", "bob@example.com", "--password-stdin");
        assertTrue(browser.get("oauth/authorize?client_id=workfront&state=s9").body().contains("id=\"password\""),
                "a reset ends the browser sessions opened before it: the login form again, not the consent page");
        assertEquals(303, new OAuthFlow(root, callback).login("bob@example.com", "Bob's newer password 3", "s9").status());

        // add never changes an existing user, reset and groups never make one
        String[] again = OAuthFlow.usersCommand(root, node.data(), "Another long password", "add", "bob@example.com",
                "--password-stdin");
        assertEquals("1", again[0]);
        assertTrue(again[1].contains("409") && again[1].contains("exists already"), again[1]);
        String[] missing = OAuthFlow.usersCommand(root, node.data(), "Another long password", "reset",
                "nobody@example.com", "--password-stdin");
        assertEquals("1", missing[0]);
        assertTrue(missing[1].contains("404"), missing[1]);
        assertFalse(OAuthFlow.users(root, node.data(), null, "list").contains("nobody@example.com"));
        String[] tooShort = OAuthFlow.usersCommand(root, node.data(), "short", "reset", "bob@example.com",
                "--password-stdin");
        assertTrue(tooShort[1].contains("at least 12 characters"), tooShort[1]);
        OAuthFlow.users(root, node.data(), null, "remove", "bob@example.com");
        assertFalse(OAuthFlow.users(root, node.data(), null, "list").contains("bob@example.com"));

        // the endpoint behind the command wants the key
        HttpResponse<String> noKey = rawGet(root + "admin/users");
        assertEquals(403, noKey.statusCode());
        assertTrue(noKey.body().contains("\"status\":\"error\""), noKey.body());
    }

    @Test
    @Order(10)
    void everyPageAtDesktopAndPhoneWidthsHasNoSeriousAccessibilityFinding() {
        assertTrue(findings.isEmpty(), "axe-core found:\n" + String.join("\n", findings));
        try (var shots = Files.list(SHOTS)) {
            long count = shots.filter(p -> p.toString().endsWith(".png")).count();
            assertTrue(count >= 16, count + " screenshots: 8 pages, each at two widths");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Screenshots of the page the browser shows, 1280 px wide and at a phone's 390 px (where nothing
     * may overflow sideways), and axe-core's WCAG 2 A/AA findings; serious or critical ones are kept
     * for the last test to report.
     */
    static void check(String name, ChromeDriver browser) {
        try {
            Files.write(SHOTS.resolve(name + "-desktop.png"), browser.getScreenshotAs(OutputType.BYTES));
            browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                    Map.of("width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", true));
            Object overflow = browser.executeScript(
                    "return document.documentElement.scrollWidth > document.documentElement.clientWidth");
            Files.write(SHOTS.resolve(name + "-phone.png"), browser.getScreenshotAs(OutputType.BYTES));
            if (Boolean.TRUE.equals(overflow)) {
                findings.add(name + ": the page is wider than a 390 px phone screen");
            }
            for (Rule violation : new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21aa")).analyze(browser)
                    .getViolations()) {
                if ("serious".equals(violation.getImpact()) || "critical".equals(violation.getImpact())) {
                    findings.add(name + " (phone): " + violation.getId() + " " + violation.getImpact() + ": "
                            + violation.getHelp());
                }
            }
            browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
            for (Rule violation : new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21aa")).analyze(browser)
                    .getViolations()) {
                if ("serious".equals(violation.getImpact()) || "critical".equals(violation.getImpact())) {
                    findings.add(name + " (desktop): " + violation.getId() + " " + violation.getImpact() + ": "
                            + violation.getHelp());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
