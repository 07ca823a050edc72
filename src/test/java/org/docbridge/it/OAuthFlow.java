package org.docbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OAuth2 side of Workfront and of a user's browser, over plain HTTP: a browser with its own
 * cookies that logs in and consents on docbridge's pages, and Workfront's calls to the token
 * endpoint. The browser suites use Chromium for the pages; this one is for the directory and
 * two-node suites, where what matters is who logs in and which node accepts the tokens.
 */
final class OAuthFlow {

    static final String CLIENT = "workfront";
    static final String SECRET = "it-oauth-client-secret-of-the-workfront-client";
    static final String REDIRECT = "https://workfront.example.com/oauth2/callback";
    /** The test servers' docbridge.oauth.refresh-grace (the pom's, and the nodes' of {@link #settings}). */
    static final java.time.Duration GRACE = java.time.Duration.ofSeconds(2);

    /** Waits until a refresh token retired just now counts as a copy when presented again. */
    static void pastTheGrace() {
        try {
            Thread.sleep(GRACE.toMillis() + 200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The settings (environment spelling) of a node with OAuth2 on, for {@link #CLIENT} redirecting to {@link #REDIRECT}. */
    static Map<String, String> settings() {
        return settings(REDIRECT);
    }

    /** The same with another Redirect URI. */
    static Map<String, String> settings(String redirect) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("DOCBRIDGE_AUTH_MODES", "apikey,oauth2");
        s.put("DOCBRIDGE_OAUTH_CLIENTS", CLIENT);
        s.put("DOCBRIDGE_OAUTH_CLIENT_WORKFRONT_SECRET", SECRET);
        s.put("DOCBRIDGE_OAUTH_CLIENT_WORKFRONT_REDIRECT_URI", redirect);
        s.put("DOCBRIDGE_OAUTH_CLIENT_WORKFRONT_NAME", "Workfront");
        s.put("DOCBRIDGE_OAUTH_REFRESH_GRACE", "PT" + GRACE.toSeconds() + "S");
        return s;
    }

    /** A page's answer. */
    record Page(int status, String body, String location) {
    }

    private final String root;
    private final String redirect;
    private final HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();

    /** A browser of its own (cookies) on the docbridge whose application root is {@code root} (ends in /). */
    OAuthFlow(String root) {
        this(root, REDIRECT);
    }

    /** The same, for a client whose Redirect URI is {@code redirect}. */
    OAuthFlow(String root, String redirect) {
        this.root = root;
        this.redirect = redirect;
    }

    Page get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(URI.create(root + pathAndQuery)).GET());
    }

    Page post(String path, String... form) {
        return send(HttpRequest.newBuilder(URI.create(root + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(form))));
    }

    /** The CSRF token of a page's forms. */
    static String csrf(Page page) {
        Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertTrue(m.find(), "the page has no CSRF token: " + page.body());
        return m.group(1);
    }

    /** Logs in: the answer of the login form (303 on success, the form again otherwise). */
    Page login(String user, String password, String state) {
        Page form = get("oauth/authorize?client_id=" + CLIENT + "&state=" + enc(state));
        assertEquals(200, form.status(), form.body());
        return post("oauth/login", "client_id", CLIENT, "state", state, "csrf", csrf(form), "username", user,
                "password", password);
    }

    /**
     * Logs in (unless this browser's session still holds) and allows: the code of the redirect to
     * Workfront (checked to carry the state).
     */
    String code(String user, String password, String state) {
        String authorize = "oauth/authorize?client_id=" + CLIENT + "&state=" + enc(state);
        Page consent = get(authorize);
        if (!consent.body().contains("name=\"decision\"")) {
            Page loggedIn = post("oauth/login", "client_id", CLIENT, "state", state, "csrf", csrf(consent), "username",
                    user, "password", password);
            assertEquals(303, loggedIn.status(), "login of " + user + " refused: " + loggedIn.body());
            consent = get(authorize);
        }
        assertTrue(consent.body().contains("name=\"decision\""), "no consent page: " + consent.body());
        Page allowed = post("oauth/consent", "client_id", CLIENT, "state", state, "csrf", csrf(consent), "decision",
                "allow");
        assertEquals(303, allowed.status(), allowed.body());
        Map<String, String> query = query(allowed.location());
        assertTrue(allowed.location().startsWith(redirect + "?"), allowed.location());
        assertEquals(state, query.get("state"));
        assertNotNull(query.get("code"));
        return query.get("code");
    }

    /** Workfront at the token endpoint: status and JSON. */
    static Reply token(String root, String... form) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(root + "oauth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (CLIENT + ":" + SECRET).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(form(form))).build();
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), Json.createReader(new StringReader(r.body())).readObject());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The token endpoint's answer. */
    record Reply(int status, JsonObject json) {
        String access() {
            assertEquals(200, status, json.toString());
            return json.getString("access_token");
        }

        String refresh() {
            assertEquals(200, status, json.toString());
            return json.getString("refresh_token");
        }

        void refused(String error) {
            assertEquals(error.equals("invalid_client") ? 401 : 400, status, json.toString());
            assertEquals(error, json.getString("error"), json.toString());
        }
    }

    static Reply exchange(String root, String code) {
        return token(root, "grant_type", "authorization_code", "code", code);
    }

    static Reply refresh(String root, String refreshToken) {
        return token(root, "grant_type", "refresh_token", "refresh_token", refreshToken);
    }

    /** Adds or changes an embedded user with the administrators' command, as an admin on the node's machine would. */
    static String users(String root, Path dataDir, String stdin, String... args) {
        String[] result = usersCommand(root, dataDir, stdin, args);
        assertEquals("0", result[0], "docbridge-users " + args[0] + " failed: " + result[1]);
        return result[1];
    }

    /** The administrators' command's exit code and output, whatever they are. */
    static String[] usersCommand(String root, Path dataDir, String stdin, String... args) {
        List<String> command = new ArrayList<>(List.of("bash", Path.of("server-config/docbridge-users").toAbsolutePath()
                .toString(), "--url", root, "--data-dir", dataDir.toString()));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (stdin != null) {
                p.getOutputStream().write((stdin + "\n").getBytes(StandardCharsets.UTF_8));
            }
            p.getOutputStream().close();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new String[] {String.valueOf(p.waitFor()), output};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> query(String url) {
        Map<String, String> q = new LinkedHashMap<>();
        String query = URI.create(url).getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                q.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return q;
    }

    private Page send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = browser.send(request.header("Accept-Language", "en").build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Page(r.statusCode(), r.body(), r.headers().firstValue("Location").orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String form(String... pairs) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            b.append(b.isEmpty() ? "" : "&").append(enc(pairs[i])).append('=').append(enc(pairs[i + 1]));
        }
        return b.toString();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
