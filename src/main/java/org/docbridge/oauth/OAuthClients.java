package org.docbridge.oauth;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.docbridge.auth.AuthModes;
import org.docbridge.auth.SecretLength;
import org.docbridge.runtime.Settings;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The OAuth clients: one per Workfront (production, sandbox...) that connects in OAuth2 mode, listed in
 * {@code docbridge.oauth.clients}, each with {@code docbridge.oauth.client.<id>.secret} (or
 * {@code .secret-file}), {@code .redirect-uri} and {@code .name}. The redirect URI comes from here
 * only, never from a request.
 */
@ApplicationScoped
public class OAuthClients {

    private static final Logger LOG = Logger.getLogger(OAuthClients.class.getName());

    /** One registered client. */
    public record Client(String id, String name, URI redirectUri, byte[] secretDigest) {

        /** Whether {@code secret} is this client's; the same time for every wrong one. */
        boolean accepts(String secret) {
            return secret != null && MessageDigest.isEqual(secretDigest, Hashing.sha256(secret));
        }
    }

    @Inject
    Config config;

    @Inject
    AuthModes modes;

    @Inject
    @ConfigProperty(name = "docbridge.oauth.clients")
    Optional<String> ids;

    private final Map<String, Client> clients = new LinkedHashMap<>();

    @PostConstruct
    void load() {
        for (String raw : ids.orElse("").split(",")) {
            String id = raw.strip();
            if (id.isEmpty()) {
                continue;
            }
            if (!id.matches("[A-Za-z0-9._-]{1,128}")) {
                throw new IllegalStateException("docbridge.oauth.clients: '" + id + "' is not a client id; use letters,"
                        + " digits, '.', '-' and '_'");
            }
            clients.put(id, client(id));
        }
        if (modes.oauth2() && clients.isEmpty()) {
            throw new IllegalStateException("docbridge.auth.modes includes oauth2 but docbridge.oauth.clients lists no"
                    + " client: name one (e.g. workfront) and give docbridge.oauth.client.workfront.secret and"
                    + " .redirect-uri (the Workfront Redirect URI of the integration)");
        }
        if (modes.oauth2()) {
            LOG.info(() -> "OAuth2 clients: " + String.join(", ", clients.keySet().stream()
                    .map(id -> id + " (redirects to " + clients.get(id).redirectUri() + ")").toList()));
        }
    }

    private Client client(String id) {
        String prefix = "docbridge.oauth.client." + id + ".";
        String secret = Settings.secret(prefix + "secret", config.getOptionalValue(prefix + "secret", String.class),
                prefix + "secret-file", config.getOptionalValue(prefix + "secret-file", String.class));
        if (secret == null) {
            throw new IllegalStateException("The OAuth client " + id + " has no secret: give " + prefix + "secret or "
                    + prefix + "secret-file (at least " + SecretLength.MINIMUM + " characters; Workfront's dialog"
                    + " takes the same value as its Client Secret)");
        }
        SecretLength.check(prefix + "secret", "the secret", secret);
        String redirect = config.getOptionalValue(prefix + "redirect-uri", String.class).map(String::strip)
                .filter(s -> !s.isEmpty()).orElseThrow(() -> new IllegalStateException("The OAuth client " + id
                        + " has no " + prefix + "redirect-uri: copy the Workfront Redirect URI shown in the integration's"
                        + " dialog"));
        URI uri;
        try {
            uri = new URI(redirect);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(prefix + "redirect-uri: '" + redirect + "' is not a URI");
        }
        if (!uri.isAbsolute() || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
                || uri.getHost() == null || uri.getRawFragment() != null) {
            throw new IllegalStateException(prefix + "redirect-uri: '" + redirect + "' must be an absolute http(s) URI"
                    + " without a fragment, as Workfront shows it");
        }
        String name = config.getOptionalValue(prefix + "name", String.class).map(String::strip)
                .filter(s -> !s.isEmpty()).orElse(id);
        return new Client(id, name, uri, Hashing.sha256(secret));
    }

    /** The client {@code id} names; with no id, the only client if there is just one. */
    public Optional<Client> find(String id) {
        if (id == null || id.isBlank()) {
            return clients.size() == 1 ? Optional.of(clients.values().iterator().next()) : Optional.empty();
        }
        return Optional.ofNullable(clients.get(id.strip()));
    }

    /** How many clients are configured. */
    public int size() {
        return clients.size();
    }
}
