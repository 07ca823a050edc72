package org.docbridge.oauth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.docbridge.auth.AuthModes;
import org.docbridge.pages.Pages;
import org.docbridge.users.Directories;
import org.docbridge.users.Directory;
import org.docbridge.users.Person;
import org.docbridge.web.LogValues;

/**
 * The Authentication URL of the OAuth2 integration: Workfront opens it in a popup with a
 * {@code state} (and the administrator may add {@code client_id}). The visitor logs in, is shown what
 * the Workfront client asks for, and allows or denies; the browser then goes to the client's
 * configured Redirect URI with a code or {@code error=access_denied}, and the same state. An unknown
 * client gets an error page, never a redirect.
 */
@Path("")
@ApplicationScoped
public class AuthorizeResource {

    private static final Logger LOG = Logger.getLogger(AuthorizeResource.class.getName());
    /** Longest state accepted: Workfront's are short; this bounds what the pages carry around. */
    static final int MAX_STATE = 2048;
    /** A failed login answers no sooner than this, whatever failed: a wrong password and an unknown name look alike. */
    static final long FAILED_LOGIN_FLOOR_MS = 800;

    @Inject
    OAuthClients clients;

    @Inject
    AuthModes modes;

    @Inject
    BrowserSession sessions;

    @Inject
    LoginThrottle throttle;

    @Inject
    org.docbridge.ops.Metrics metrics;

    @Inject
    Directories directories;

    @Inject
    Tokens tokens;

    @Inject
    Pages pages;

    @Context
    ServletContext servlet;

    /** What a request to the pages asks for, once checked. */
    private record Ask(OAuthClients.Client client, String state, Pages.Texts texts) {
    }

    @GET
    @Path("authorize")
    public Response authorize(@Context HttpServletRequest request, @Context HttpHeaders headers,
            @QueryParam("client_id") String clientId, @QueryParam("state") String state) {
        Ask ask = check(clientId, state, Pages.texts(Pages.language(headers)));
        Optional<BrowserSession.Session> session = sessions.session(request);
        if (session.isPresent() && directories.sessionHolds(session.get().user(), session.get().issuedAt())) {
            return consentPage(ask, session.get());
        }
        return loginPage(request, ask, 200, null, "");
    }

    @POST
    @Path("login")
    public Response login(@Context HttpServletRequest request, @Context HttpHeaders headers,
            @FormParam("client_id") String clientId, @FormParam("state") String state,
            @FormParam("csrf") String csrf, @FormParam("username") String username,
            @FormParam("password") String password) {
        long started = System.nanoTime();
        Ask ask = check(clientId, state, Pages.texts(Pages.language(headers)));
        Pages.Texts texts = ask.texts();
        Optional<String> nonce = sessions.loginNonce(request);
        if (nonce.isEmpty() || !sessions.csrfMatches(nonce.get(), csrf)) {
            return errorPage(texts, 403, "error.csrf.title", "error.csrf.text");
        }
        String user = username == null ? "" : username.strip();
        if (user.isEmpty() || password == null || password.isEmpty()) {
            return loginPage(request, ask, 200, texts.get("login.missing"), user);
        }
        String address = request.getRemoteAddr();
        long wait = throttle.claim(user, address); // counted as a failure until it succeeds
        if (wait > 0) {
            metrics.authFailure("login", "throttled");
            return loginPage(request, ask, 429, texts.get("login.throttled", wait), user);
        }
        Optional<Person> person;
        try {
            person = user.length() > 256 ? Optional.empty()
                    : directories.directory().authenticate(user, password.toCharArray());
        } catch (Directory.DirectoryUnavailable e) {
            LOG.warning(e.getMessage());
            return errorPage(texts, 503, "error.directory.title", "error.directory.text");
        }
        if (person.isEmpty()) {
            metrics.authFailure("login", "wrong-credentials");
            LOG.info(() -> LogValues.append(new StringBuilder("Failed login for "), user, 100) + " from " + address);
            floor(started);
            return loginPage(request, ask, 200, texts.get("login.failed"), user);
        }
        throttle.succeeded(user, address);
        String name = person.get().name();
        LOG.info(() -> LogValues.append(new StringBuilder("Login of "), name, 100) + " for the OAuth client "
                + ask.client().id() + " from " + address);
        String[] cookie = sessions.newSession(name);
        return Pages.headers(Response.status(303).header("Location", authorizeUri(request, ask)), servlet)
                .header("Set-Cookie", BrowserSession.setCookie(request, BrowserSession.SESSION_COOKIE, cookie[0]))
                .header("Set-Cookie", BrowserSession.setCookie(request, BrowserSession.LOGIN_COOKIE, null))
                .build();
    }

    @POST
    @Path("consent")
    public Response consent(@Context HttpServletRequest request, @Context HttpHeaders headers,
            @FormParam("client_id") String clientId, @FormParam("state") String state,
            @FormParam("csrf") String csrf, @FormParam("decision") String decision) {
        Ask ask = check(clientId, state, Pages.texts(Pages.language(headers)));
        Pages.Texts texts = ask.texts();
        Optional<BrowserSession.Session> session = sessions.session(request);
        if (session.isEmpty()) {
            return loginPage(request, ask, 200, texts.get("login.expired"), "");
        }
        if (!sessions.csrfMatches(session.get().nonce(), csrf)) {
            return errorPage(texts, 403, "error.csrf.title", "error.csrf.text");
        }
        String user = session.get().user();
        if ("deny".equals(decision)) {
            LOG.info(() -> user + " denied the OAuth client " + ask.client().id());
            return redirect(ask, "error=access_denied");
        }
        if (!"allow".equals(decision)) {
            return errorPage(texts, 400, "error.request.title", "error.request.text");
        }
        if (!directories.sessionHolds(user, session.get().issuedAt())) {
            return loginPage(request, ask, 200, texts.get("login.expired"), "");
        }
        String code = tokens.issueCode(ask.client().id(), user);
        LOG.info(() -> user + " allowed the OAuth client " + ask.client().id());
        return redirect(ask, "code=" + encode(code));
    }

    @POST
    @Path("logout")
    public Response logout(@Context HttpServletRequest request, @Context HttpHeaders headers,
            @FormParam("client_id") String clientId, @FormParam("state") String state,
            @FormParam("csrf") String csrf) {
        Ask ask = check(clientId, state, Pages.texts(Pages.language(headers)));
        Pages.Texts texts = ask.texts();
        Optional<BrowserSession.Session> session = sessions.session(request);
        if (session.isPresent() && !sessions.csrfMatches(session.get().nonce(), csrf)) {
            return errorPage(texts, 403, "error.csrf.title", "error.csrf.text");
        }
        return Pages.headers(Response.status(303).header("Location", authorizeUri(request, ask)), servlet)
                .header("Set-Cookie", BrowserSession.setCookie(request, BrowserSession.SESSION_COOKIE, null))
                .build();
    }

    /**
     * The client and state of a request; otherwise the error page that answers it, thrown (the
     * {@link PageErrorMapper} sends it as it is).
     */
    private Ask check(String clientId, String state, Pages.Texts texts) {
        if (!modes.oauth2()) {
            throw new WebApplicationException(errorPage(texts, 404, "error.off.title", "error.off.text"));
        }
        Optional<OAuthClients.Client> client = clients.find(clientId);
        if (client.isEmpty()) {
            throw new WebApplicationException(errorPage(texts, 400, "error.client.title",
                    clientId == null || clientId.isBlank() ? "error.client.missing" : "error.client.text"));
        }
        if (state != null && (state.length() > MAX_STATE || state.chars().anyMatch(c -> c < 0x20 || c == 0x7f))) {
            throw new WebApplicationException(errorPage(texts, 400, "error.request.title", "error.request.text"));
        }
        return new Ask(client.get(), state == null ? "" : state, texts);
    }

    private Response loginPage(HttpServletRequest request, Ask ask, int status, String error, String username) {
        Optional<String> nonce = sessions.loginNonce(request);
        String[] fresh = nonce.isPresent() ? null : sessions.newLogin();
        Map<String, String> values = hidden(ask, nonce.orElseGet(() -> fresh[1]));
        values.put("pageTitle", ask.texts().get("login.title"));
        values.put("lead", ask.texts().get("login.lead", ask.client().name()));
        values.put("username", username);
        values.put("error", error == null ? "" : error);
        values.put("errorBlock", error == null ? "" : "<p class=\"alert\" role=\"alert\" id=\"login-error\">"
                + Pages.escape(error) + "</p>");
        values.put("describedBy", error == null ? "" : " aria-describedby=\"login-error\" aria-invalid=\"true\"");
        values.put("action", request.getContextPath() + "/oauth/login");
        Response.ResponseBuilder page = Response.fromResponse(pages.render(servlet, status, "login", ask.texts(), values));
        if (fresh != null) {
            page.header("Set-Cookie", BrowserSession.setCookie(request, BrowserSession.LOGIN_COOKIE, fresh[0]));
        }
        return page.build();
    }

    private Response consentPage(Ask ask, BrowserSession.Session session) {
        Map<String, String> values = hidden(ask, session.nonce());
        values.put("pageTitle", ask.texts().get("consent.title"));
        values.put("heading", ask.texts().get("consent.heading", ask.client().name()));
        values.put("action", servlet.getContextPath() + "/oauth/consent");
        values.put("logout", servlet.getContextPath() + "/oauth/logout");
        values.put("signedInAs", ask.texts().get("consent.signed-in", session.user()));
        return pages.render(servlet, 200, "consent", ask.texts(), values, origin(ask.client().redirectUri()));
    }

    private Map<String, String> hidden(Ask ask, String nonce) {
        Map<String, String> values = new HashMap<>();
        values.put("clientId", ask.client().id());
        values.put("state", ask.state());
        values.put("csrf", sessions.csrf(nonce));
        return values;
    }

    private Response errorPage(Pages.Texts texts, int status, String title, String text) {
        Map<String, String> values = new HashMap<>();
        values.put("title", texts.get(title));
        values.put("pageTitle", texts.get(title));
        values.put("text", texts.get(text));
        return pages.render(servlet, status, "error", texts, values);
    }

    /** The browser's way to the client's Redirect URI, with the state appended to its own query. */
    private Response redirect(Ask ask, String parameters) {
        URI target = ask.client().redirectUri();
        String query = target.getRawQuery();
        // a request without a state gets none back (RFC 6749 4.1.2)
        String added = ask.state().isEmpty() ? parameters : parameters + "&state=" + encode(ask.state());
        String base = target.toString();
        int hash = base.indexOf('#');
        if (hash >= 0) {
            base = base.substring(0, hash);
        }
        String location = base + (query == null ? "?" : query.isEmpty() ? "" : "&") + added;
        return Pages.headers(Response.seeOther(URI.create(location)), servlet).build();
    }

    /** The authorization page again, as a path: the browser resolves it against the address it used. */
    private static String authorizeUri(HttpServletRequest request, Ask ask) {
        return (request.getContextPath() + "/oauth/authorize?client_id=" + encode(ask.client().id())
                + "&state=" + encode(ask.state()));
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Holds a failed login until {@link #FAILED_LOGIN_FLOOR_MS} have passed since it began. */
    private static void floor(long started) {
        long left = FAILED_LOGIN_FLOOR_MS - (System.nanoTime() - started) / 1_000_000;
        if (left > 0) {
            try {
                Thread.sleep(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
