package org.docbridge.auth;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.docbridge.runtime.DataFolder;
import org.docbridge.state.Secrets;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The API keys Workfront may present. Several can be valid at once, so a key is rotated by adding
 * the new one, switching Workfront over, then removing the old one. Keys are kept only as SHA-256
 * digests and compared in constant time. A configured key has at least 32 characters
 * ({@link SecretLength}).
 */
@ApplicationScoped
public class ApiKeys {

    private static final Logger LOG = Logger.getLogger(ApiKeys.class.getName());
    static final String GENERATED_KEY_FILE = "api-key";

    @Inject
    @ConfigProperty(name = "docbridge.auth.api-keys")
    Optional<String> configured;

    @Inject
    DataFolder data;

    @Inject
    Secrets secrets;

    private byte[][] digests;

    @PostConstruct
    void load() {
        List<String> keys = new ArrayList<>();
        configured.ifPresent(value -> {
            for (String key : value.split(",")) {
                if (!key.isBlank()) {
                    keys.add(key.trim());
                }
            }
        });
        for (int i = 0; i < keys.size(); i++) {
            SecretLength.check("docbridge.auth.api-keys", "key " + (i + 1) + " of " + keys.size(), keys.get(i));
        }
        if (keys.isEmpty()) {
            keys.add(secrets.secret(GENERATED_KEY_FILE));
            LOG.info(() -> "No API key configured (docbridge.auth.api-keys): using the generated key, the same on"
                    + " every node (kept in the state database); a copy is in " + data.state().resolve(GENERATED_KEY_FILE)
                    + " (readable by the server's user only)");
        } else {
            LOG.info(() -> keys.size() + " API key(s) configured through docbridge.auth.api-keys");
        }
        digests = keys.stream().map(ApiKeys::digest).toArray(byte[][]::new);
    }

    /** Whether {@code key} is one of the accepted keys; takes the same time for every wrong key. */
    public boolean accepts(String key) {
        if (key == null || key.isEmpty()) {
            return false;
        }
        byte[] candidate = digest(key);
        boolean match = false;
        for (byte[] d : digests) {
            match |= MessageDigest.isEqual(d, candidate);
        }
        return match;
    }

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private static byte[] digest(String key) {
        return SHA256.get().digest(key.getBytes(StandardCharsets.UTF_8));
    }
}
