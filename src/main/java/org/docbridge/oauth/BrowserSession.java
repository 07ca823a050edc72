package org.docbridge.oauth;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.docbridge.state.Secrets;

/**
 * The login session of the OAuth pages, and their CSRF tokens, without server-side state (so every
 * node knows them): a cookie holding the user, an expiry (epoch milliseconds) and a random nonce,
 * with an HMAC over them keyed by a secret that every node shares. Before login a cookie holds only a
 * nonce. A form's CSRF token is an HMAC of the cookie's nonce: a page of another site can neither read
 * it nor make it.
 */
@ApplicationScoped
public class BrowserSession {

    static final String SESSION_COOKIE = "docbridge_session";
    static final String LOGIN_COOKIE = "docbridge_login";
    /** How long a login lasts in the browser: enough to consent, and to connect a second integration. */
    static final Duration LIFETIME = Duration.ofMinutes(30);
    static final String KEY_NAME = "session-key";

    @Inject
    Secrets secrets;

    Clock clock = Clock.systemUTC();
    private byte[] key;

    /** A logged-in visitor, since {@code issuedAt} (epoch milliseconds). */
    public record Session(String user, String nonce, long issuedAt) {
    }

    @PostConstruct
    void init() {
        key = secrets.secret(KEY_NAME).getBytes(StandardCharsets.UTF_8);
    }

    /** The valid session the request's cookie holds. */
    public Optional<Session> session(HttpServletRequest request) {
        String value = cookie(request, SESSION_COOKIE);
        if (value == null) {
            return Optional.empty();
        }
        String[] parts = value.split("\\.");
        if (parts.length != 4 || !verify(parts[0] + "." + parts[1] + "." + parts[2], parts[3])) {
            return Optional.empty();
        }
        long expires;
        try {
            expires = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (expires <= clock.millis()) {
            return Optional.empty();
        }
        String user = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
        return Optional.of(new Session(user, parts[2], expires - LIFETIME.toMillis()));
    }

    /** The nonce of the pre-login cookie, if it is one of ours. */
    public Optional<String> loginNonce(HttpServletRequest request) {
        String value = cookie(request, LOGIN_COOKIE);
        if (value == null) {
            return Optional.empty();
        }
        String[] parts = value.split("\\.");
        return parts.length == 2 && verify(parts[0], parts[1]) ? Optional.of(parts[0]) : Optional.empty();
    }

    /** A new pre-login cookie's value and its nonce. */
    public String[] newLogin() {
        String nonce = Hashing.random(18);
        return new String[] {nonce + "." + mac(nonce), nonce};
    }

    /** A session cookie's value for {@code user}, and its nonce. */
    public String[] newSession(String user) {
        String nonce = Hashing.random(18);
        String body = Base64.getUrlEncoder().withoutPadding().encodeToString(user.getBytes(StandardCharsets.UTF_8))
                + "." + (clock.millis() + LIFETIME.toMillis()) + "." + nonce;
        return new String[] {body + "." + mac(body), nonce};
    }

    /** The CSRF token of forms on a page whose cookie carries {@code nonce}. */
    public String csrf(String nonce) {
        return mac("csrf:" + nonce);
    }

    /** Whether {@code token} is the CSRF token for {@code nonce}. */
    public boolean csrfMatches(String nonce, String token) {
        return token != null && MessageDigest.isEqual(csrf(nonce).getBytes(StandardCharsets.US_ASCII),
                token.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A {@code Set-Cookie} value: HttpOnly, SameSite=Lax, for the OAuth pages only, Secure when the
     * visitor came over HTTPS; {@code value} null deletes the cookie.
     */
    public static String setCookie(HttpServletRequest request, String name, String value) {
        StringBuilder c = new StringBuilder(name).append('=').append(value == null ? "" : value)
                .append("; Path=").append(request.getContextPath()).append("/oauth/")
                .append("; HttpOnly; SameSite=Lax");
        if (value == null) {
            c.append("; Max-Age=0");
        }
        if (secure(request)) {
            c.append("; Secure");
        }
        return c.toString();
    }

    /** Whether the visitor's browser speaks HTTPS to us (directly, or to the proxy in front). */
    static boolean secure(HttpServletRequest request) {
        String forwarded = request.getHeader("X-Forwarded-Proto");
        return request.isSecure() || (forwarded != null && forwarded.strip().equalsIgnoreCase("https"));
    }

    private static String cookie(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie c : cookies) {
            if (name.equals(c.getName()) && c.getValue() != null && c.getValue().length() < 2048) {
                return c.getValue();
            }
        }
        return null;
    }

    private boolean verify(String body, String mac) {
        return MessageDigest.isEqual(mac(body).getBytes(StandardCharsets.US_ASCII),
                mac.getBytes(StandardCharsets.UTF_8));
    }

    private String mac(String body) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    m.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
