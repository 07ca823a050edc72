package org.docbridge.auth;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Which of the protocol's two authentications this server accepts ({@code docbridge.auth.modes}):
 * {@code apikey}, {@code oauth2}, or both, comma-separated. A call in a mode that is off answers 403.
 */
@ApplicationScoped
public class AuthModes {

    private static final Logger LOG = Logger.getLogger(AuthModes.class.getName());

    @Inject
    @ConfigProperty(name = "docbridge.auth.modes", defaultValue = "apikey")
    String setting;

    private boolean apiKey;
    private boolean oauth2;

    @PostConstruct
    void parse() {
        for (String mode : setting.split(",")) {
            switch (mode.strip().toLowerCase(Locale.ROOT)) {
                case "apikey" -> apiKey = true;
                case "oauth2" -> oauth2 = true;
                case "" -> {
                }
                default -> throw new IllegalStateException("docbridge.auth.modes: '" + mode.strip()
                        + "' is not a mode; give apikey, oauth2, or both separated by a comma");
            }
        }
        if (!apiKey && !oauth2) {
            throw new IllegalStateException("docbridge.auth.modes is empty; give apikey, oauth2, or both");
        }
        LOG.info(() -> "Workfront may authenticate with " + (apiKey && oauth2 ? "an API key or OAuth2"
                : apiKey ? "an API key (OAuth2 is off: docbridge.auth.modes)" : "OAuth2 (API keys are off)"));
    }

    public boolean apiKey() {
        return apiKey;
    }

    public boolean oauth2() {
        return oauth2;
    }
}
