package org.docbridge.links;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.docbridge.auth.SecretLength;
import org.docbridge.state.Secrets;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Signs and checks the browser links of a document ({@code viewLink}, {@code downloadLink}).
 * A link carries its expiry and an HMAC-SHA256 over purpose, id and expiry, keyed with a server
 * secret; whoever has the link may open that one document until it expires, and nothing else.
 * Expiries are rounded up to the minute, so listings made within a minute give identical links.
 */
@ApplicationScoped
public class LinkSigner {

    static final String GENERATED_SECRET_FILE = "link-secret";

    /** What a link opens the document for. */
    public enum Purpose {
        VIEW("view"), DOWNLOAD("download"), PAGE("page");

        final String path;

        Purpose(String path) {
            this.path = path;
        }
    }

    /** The outcome of checking a link. */
    public enum Verdict { VALID, EXPIRED, INVALID }

    @Inject
    @ConfigProperty(name = "docbridge.links.secret")
    Optional<String> configuredSecret;

    @Inject
    @ConfigProperty(name = "docbridge.links.ttl", defaultValue = "PT1H")
    String ttlSetting;

    @Inject
    Secrets secrets;

    Clock clock = Clock.systemUTC();
    private ThreadLocal<Mac> macs;
    private Duration ttl;

    @PostConstruct
    void init() {
        configuredSecret.filter(s -> !s.isBlank())
                .ifPresent(s -> SecretLength.check("docbridge.links.secret", "the secret", s));
        String secret = configuredSecret.filter(s -> !s.isBlank()).orElseGet(() -> secrets.secret(GENERATED_SECRET_FILE));
        SecretKeySpec key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(key);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
        ttl = org.docbridge.runtime.Settings.duration("docbridge.links.ttl", ttlSetting);
    }

    /** The path and query of a signed link below the application's root, e.g. {@code links/view/ID?...}. */
    public String sign(Purpose purpose, String id) {
        long expires = (clock.millis() / 1000 + ttl.toSeconds() + 59) / 60 * 60;
        return "links/" + purpose.path + "/" + id + "?expires=" + expires + "&signature=" + signature(purpose, id, expires);
    }

    public Verdict check(Purpose purpose, String id, String expires, String signature) {
        long expiry;
        try {
            expiry = Long.parseLong(expires);
        } catch (NumberFormatException | NullPointerException e) {
            return Verdict.INVALID;
        }
        if (signature == null || !MessageDigest.isEqual(
                signature(purpose, id, expiry).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII))) {
            return Verdict.INVALID;
        }
        return clock.millis() / 1000 >= expiry ? Verdict.EXPIRED : Verdict.VALID;
    }

    private String signature(Purpose purpose, String id, long expires) {
        byte[] sig = macs.get().doFinal((purpose.path + "\n" + id + "\n" + expires).getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
    }
}
