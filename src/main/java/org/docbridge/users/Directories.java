package org.docbridge.users;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Logger;
import org.docbridge.runtime.Settings;
import org.docbridge.state.Database;
import org.docbridge.web.ApiError;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Chooses where logins are checked: the directory of the {@code docbridge.ldap.*} settings when
 * {@code docbridge.ldap.url} is set, the embedded users otherwise (which are kept, and can be managed,
 * in either case). Remembers each user's groups for a minute, for the access rules.
 */
@ApplicationScoped
public class Directories {

    private static final Logger LOG = Logger.getLogger(Directories.class.getName());

    /**
     * PBKDF2 with HMAC-SHA512 and 210,000 iterations (OWASP's figure for this hash), a 32-byte salt
     * and key: about a fifth of a second on one core, paid once per login.
     */
    static final Map<String, String> PBKDF2 = Map.of(
            "Pbkdf2PasswordHash.Algorithm", "PBKDF2WithHmacSHA512",
            "Pbkdf2PasswordHash.Iterations", "210000",
            "Pbkdf2PasswordHash.SaltSizeBytes", "32",
            "Pbkdf2PasswordHash.KeySizeBytes", "32");

    /** How long a user's groups are remembered, so that a change in the directory counts within it. */
    static final Duration GROUPS_KEPT = Duration.ofMinutes(1);

    @Inject
    Database database;

    @Inject
    Instance<Pbkdf2PasswordHash> hashes;

    @Inject
    org.docbridge.auth.AuthModes modes;

    @Inject
    @ConfigProperty(name = "docbridge.ldap.url")
    Optional<String> ldapUrl;

    @Inject
    @ConfigProperty(name = "docbridge.ldap.bind-dn")
    Optional<String> bindDn;

    @Inject
    @ConfigProperty(name = "docbridge.ldap.bind-password")
    Optional<String> bindPassword;

    @Inject
    @ConfigProperty(name = "docbridge.ldap.bind-password-file")
    Optional<String> bindPasswordFile;

    @Inject
    @ConfigProperty(name = "docbridge.ldap.caller-base-dn")
    Optional<String> callerBaseDn;

    @Inject
    @ConfigProperty(name = "docbridge.ldap.caller-search-filter", defaultValue = "(uid={0})")
    String callerSearchFilter;

    @Inject
    @ConfigProperty(name = "docbridge.ldap.group-search-base")
    Optional<String> groupSearchBase;

    @Inject
    @ConfigProperty(name = "docbridge.ldap.group-search-filter", defaultValue = "(member={0})")
    String groupSearchFilter;

    private EmbeddedUsers embedded;
    private Directory directory;
    private Cache<String, Set<String>> groups;

    @PostConstruct
    void open() {
        Pbkdf2PasswordHash hash;
        if (hashes.isUnsatisfied()) {
            throw new IllegalStateException("This server offers no Jakarta Security Pbkdf2PasswordHash, which the"
                    + " embedded users need; on WildFly keep the ee-security subsystem of the default standalone.xml");
        }
        hash = hashes.get();
        hash.initialize(PBKDF2);
        embedded = new EmbeddedUsers(database, hash);
        Optional<String> url = given(ldapUrl);
        if (url.isPresent()) {
            String base = given(callerBaseDn).orElseThrow(() -> new IllegalStateException(
                    "docbridge.ldap.url is set but docbridge.ldap.caller-base-dn is not: say under which entry the"
                    + " users are, e.g. ou=people,dc=example,dc=com"));
            for (String filter : new String[] {callerSearchFilter, groupSearchFilter}) {
                if (!filter.contains("{0}")) {
                    throw new IllegalStateException("docbridge.ldap search filter '" + filter + "' has no {0}, where"
                            + " the user's name (or DN) goes, e.g. (uid={0})");
                }
            }
            directory = new LdapDirectory(new LdapDirectory.Settings(url.get(), given(bindDn).orElse(null),
                    password(), base, callerSearchFilter, given(groupSearchBase).orElse(null), groupSearchFilter));
        } else {
            directory = embedded;
        }
        groups = Caffeine.newBuilder().expireAfterWrite(GROUPS_KEPT).maximumSize(100_000).build();
        LOG.info(() -> "Logins are checked against " + directory.description());
    }

    private String password() {
        return Settings.secret("docbridge.ldap.bind-password", bindPassword, "docbridge.ldap.bind-password-file",
                bindPasswordFile);
    }

    /** Where logins are checked. */
    public Directory directory() {
        return directory;
    }

    /** docbridge's own users (managed by the administrators' command even while a directory is in use). */
    public EmbeddedUsers embedded() {
        return embedded;
    }

    /**
     * Whether a browser session of {@code user} that began at {@code since} (epoch milliseconds) still
     * holds: the account may act, and (for docbridge's own users) was not changed since, so that a
     * password reset or a disabling ends the sessions opened before it.
     */
    public boolean sessionHolds(String user, long since) {
        if (external()) {
            return directory.active(user);
        }
        return embedded.find(user).map(a -> !a.disabled() && a.changedAt() <= since).orElse(false);
    }

    /** Whether logins go to a company directory rather than to the embedded users. */
    public boolean external() {
        return directory != embedded;
    }

    /**
     * The groups a user is in, for the access rules: from the directory, remembered a minute; null when
     * neither a directory nor OAuth2 logins are configured (then only configured groups count, and a rule
     * naming another group stops the start). A directory that cannot be asked answers 503 rather than
     * deciding without the groups.
     */
    public Function<String, Set<String>> groupsForRules() {
        if (!external() && !modes.oauth2()) {
            return null;
        }
        return user -> {
            try {
                return groups.get(EmbeddedUsers.key(user), directory::groups);
            } catch (Directory.DirectoryUnavailable e) {
                LOG.warning(e.getMessage());
                throw new ApiError(503, "the company directory cannot be reached to check this user's groups; try"
                        + " again shortly");
            }
        };
    }

    /** Forgets what is remembered of {@code user}'s groups (after the administrators' command changed them). */
    public void forget(String user) {
        groups.invalidate(EmbeddedUsers.key(user));
    }

    private static Optional<String> given(Optional<String> value) {
        return value.map(String::trim).filter(v -> !v.isEmpty());
    }
}
