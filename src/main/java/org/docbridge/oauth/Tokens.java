package org.docbridge.oauth;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.logging.Logger;
import org.docbridge.runtime.Settings;
import org.docbridge.state.Database;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Authorization codes, access tokens and refresh tokens, in the state database under their SHA-256
 * (a copy of the table gives nobody a usable token). A code works once, for its client, within
 * {@code docbridge.oauth.code-lifetime}; using it twice revokes what it gave. Every refresh retires the
 * refresh token it used and hands out a new pair of the same family; a retired refresh token presented
 * again revokes the family (someone holds a copy), unless it comes within the grace of
 * its retirement ({@code docbridge.oauth.refresh-grace}, 30 s): Workfront refreshes from several calls at once when they all got a 403, and the
 * losers of that race are refused without disconnecting the user. Expired rows are purged as new ones
 * are written.
 */
@ApplicationScoped
public class Tokens {

    private static final Logger LOG = Logger.getLogger(Tokens.class.getName());
    static final Duration MAX_CODE_LIFETIME = Duration.ofMinutes(10);
    private static final long PURGE_EVERY_MS = 60_000;
    /** Expired rows stay this long, so that a code or token just past its end is refused as expired, not unknown. */
    static final Duration KEPT_AFTER_EXPIRY = Duration.ofHours(1);
    /** The longest {@code docbridge.oauth.refresh-grace} accepted: a copy must not stay usable for long. */
    static final Duration MAX_REFRESH_GRACE = Duration.ofMinutes(5);

    /** What the token endpoint answers on success. */
    public record Grant(String accessToken, String refreshToken, long expiresIn, String user) {
    }

    /** A refusal in RFC 6749 §5.2's terms: {@code invalid_grant} and a description. */
    public static final class Refused extends RuntimeException {
        public Refused(String description) {
            super(description, null, false, false);
        }
    }

    @Inject
    Database database;

    @Inject
    @ConfigProperty(name = "docbridge.oauth.code-lifetime", defaultValue = "PT5M")
    String codeLifetimeSetting;

    @Inject
    @ConfigProperty(name = "docbridge.oauth.access-token-lifetime", defaultValue = "PT1H")
    String accessLifetimeSetting;

    @Inject
    @ConfigProperty(name = "docbridge.oauth.refresh-token-lifetime", defaultValue = "P30D")
    String refreshLifetimeSetting;

    @Inject
    @ConfigProperty(name = "docbridge.oauth.refresh-grace", defaultValue = "PT30S")
    String refreshGraceSetting;

    Clock clock = Clock.systemUTC();
    private Duration codeLifetime;
    private Duration accessLifetime;
    private Duration refreshLifetime;
    private Duration refreshGrace = Duration.ofSeconds(30);
    private final AtomicLong lastPurge = new AtomicLong();

    /** For CDI. */
    Tokens() {
    }

    /** Tokens in {@code database} with these lifetimes, for tests. */
    Tokens(Database database, Duration code, Duration access, Duration refresh, Clock clock) {
        this.database = database;
        this.codeLifetime = code;
        this.accessLifetime = access;
        this.refreshLifetime = refresh;
        this.clock = clock;
    }

    @PostConstruct
    void init() {
        codeLifetime = Settings.duration("docbridge.oauth.code-lifetime", codeLifetimeSetting);
        if (codeLifetime.compareTo(MAX_CODE_LIFETIME) > 0) {
            throw new IllegalStateException("docbridge.oauth.code-lifetime: " + codeLifetimeSetting + " is longer than"
                    + " the 10 minutes the protocol allows a code (contract §2)");
        }
        accessLifetime = Settings.duration("docbridge.oauth.access-token-lifetime", accessLifetimeSetting);
        refreshLifetime = Settings.duration("docbridge.oauth.refresh-token-lifetime", refreshLifetimeSetting);
        refreshGrace = Settings.duration("docbridge.oauth.refresh-grace", refreshGraceSetting);
        if (refreshGrace.compareTo(MAX_REFRESH_GRACE) > 0) {
            throw new IllegalStateException("docbridge.oauth.refresh-grace: " + refreshGraceSetting + " is longer than"
                    + " the 5 minutes a copied refresh token may be refused without revoking its family");
        }
        if (refreshLifetime.compareTo(accessLifetime) < 0) {
            throw new IllegalStateException("docbridge.oauth.refresh-token-lifetime (" + refreshLifetimeSetting
                    + ") is shorter than docbridge.oauth.access-token-lifetime (" + accessLifetimeSetting + ")");
        }
    }

    /** A new one-time code for {@code user}, bound to {@code client}. */
    public String issueCode(String client, String user) {
        String code = Hashing.random(32);
        String family = Hashing.random(24).substring(0, 32);
        long now = clock.millis();
        purgeNow(now);
        database.inTransaction(c -> {
            insert(c, code, 'C', family, client, user, now + codeLifetime.toMillis());
            return null;
        });
        return code;
    }

    /** Exchanges a code for tokens ({@code authorization_code}). */
    public Grant exchange(String code, String client) {
        String key = Hashing.key(code);
        long now = clock.millis();
        purgeNow(now);
        return settle(Database.retryingConflicts(() -> database.inTransaction(c -> {
            Optional<Row> found = row(c, key, 'C');
            if (found.isEmpty()) {
                return Result.refused("the code is not valid");
            }
            Row row = found.get();
            if (!row.client().equals(client)) {
                return Result.refused("the code was issued to another client");
            }
            if (row.retired() || !retire(c, key, now)) {
                revoke(c, row.family());
                LOG.warning(() -> "An authorization code of " + row.user() + " was used twice: the tokens issued"
                        + " from it are revoked");
                return Result.refused("the code was already used; the tokens issued from it are revoked");
            }
            if (row.expiresAt() <= now) {
                return Result.refused("the code has expired; log in again");
            }
            return new Result(pair(c, row, now), null);
        })));
    }

    /**
     * Gives a new pair for a refresh token, which is retired; {@code active} says whether the token's
     * user may still act (a disabled or removed user's family is revoked).
     */
    public Grant refresh(String refreshToken, String client, Predicate<String> active) {
        String key = Hashing.key(refreshToken);
        long now = clock.millis();
        purgeNow(now); // deployments whose users never log in again still lose their expired rows
        Row found = database.read(c -> row(c, key, 'R')).orElseThrow(() -> new Refused("the refresh token is not valid"));
        boolean mayAct = !found.retired() && found.expiresAt() > now && found.client().equals(client)
                && active.test(found.user());
        return settle(Database.retryingConflicts(() -> database.inTransaction(c -> {
            Optional<Row> current = row(c, key, 'R');
            if (current.isEmpty()) {
                return Result.refused("the refresh token is not valid");
            }
            Row row = current.get();
            if (!row.client().equals(client)) {
                return Result.refused("the refresh token was issued to another client");
            }
            if (row.retired() || !retire(c, key, now)) {
                Row retired = row.retired() ? row : row(c, key, 'R').orElse(row);
                if (retired.retiredAt() > 0 && now - retired.retiredAt() < refreshGrace.toMillis()) {
                    return Result.refused("the refresh token was used a moment ago by another request of this"
                            + " client; use the tokens that request received");
                }
                revoke(c, row.family());
                LOG.warning(() -> "A retired refresh token of " + row.user() + " was presented again: its whole family"
                        + " of tokens is revoked");
                return Result.refused("the refresh token was already used; every token issued with it is revoked");
            }
            if (row.expiresAt() <= now) {
                return Result.refused("the refresh token has expired; log in again");
            }
            if (!mayAct) {
                revoke(c, row.family());
                LOG.info(() -> "The tokens of " + row.user() + " are revoked: the account is disabled or gone");
                return Result.refused("the account " + row.user() + " is disabled or no longer in the directory");
            }
            return new Result(pair(c, row, now), null);
        })));
    }

    /** What a transaction decided: a grant, or a refusal, which is thrown only after the commit. */
    private record Result(Grant grant, String refusal) {
        static Result refused(String why) {
            return new Result(null, why);
        }
    }

    private static Grant settle(Result result) {
        if (result.refusal() != null) {
            throw new Refused(result.refusal());
        }
        return result.grant();
    }

    /** The user an access token acts for, if it is known, not revoked and not expired. */
    public Optional<String> userOf(String accessToken) {
        if (accessToken == null || accessToken.isEmpty() || accessToken.length() > 512) {
            return Optional.empty();
        }
        String key = Hashing.key(accessToken);
        long now = clock.millis();
        return database.read(c -> row(c, key, 'A')).filter(r -> !r.retired() && r.expiresAt() > now).map(Row::user);
    }

    /** Revokes every code and token of {@code user}; how many there were. */
    public int revokeUser(String user) {
        return database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM oauth_tokens WHERE user_name = ?")) {
                s.setString(1, user);
                return s.executeUpdate();
            }
        });
    }

    /** How long after a refresh its retired token is refused without revoking the family. */
    Duration refreshGrace() {
        return refreshGrace;
    }

    /** The lifetime of an access token, in seconds (the {@code expires_in} of every grant). */
    public long accessSeconds() {
        return accessLifetime.toSeconds();
    }

    private Grant pair(Connection c, Row row, long now) throws SQLException {
        String access = Hashing.random(32);
        String refresh = Hashing.random(32);
        insert(c, access, 'A', row.family(), row.client(), row.user(), now + accessLifetime.toMillis());
        insert(c, refresh, 'R', row.family(), row.client(), row.user(), now + refreshLifetime.toMillis());
        return new Grant(access, refresh, accessLifetime.toSeconds(), row.user());
    }

    private record Row(String family, String client, String user, long expiresAt, boolean retired, long retiredAt) {
    }

    private static Optional<Row> row(Connection c, String key, char kind) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT family, client_id, user_name, expires_at, retired,"
                + " retired_at FROM oauth_tokens WHERE token_hash = ? AND kind = ?")) {
            s.setString(1, key);
            s.setString(2, String.valueOf(kind));
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(new Row(r.getString(1), r.getString(2), r.getString(3), r.getLong(4),
                        r.getBoolean(5), r.getLong(6))) : Optional.empty();
            }
        }
    }

    /** Marks a code or refresh token used; false if another request did first. */
    private static boolean retire(Connection c, String key, long now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE oauth_tokens SET retired = TRUE, retired_at = ? WHERE token_hash = ? AND retired = FALSE")) {
            s.setLong(1, now);
            s.setString(2, key);
            return s.executeUpdate() == 1;
        }
    }

    private static void revoke(Connection c, String family) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE oauth_tokens SET retired = TRUE WHERE family = ?")) {
            s.setString(1, family);
            s.executeUpdate();
        }
    }

    private static void insert(Connection c, String token, char kind, String family, String client, String user,
            long expiresAt) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO oauth_tokens (token_hash, kind, family, client_id,"
                + " user_name, expires_at, retired) VALUES (?, ?, ?, ?, ?, ?, FALSE)")) {
            s.setString(1, Hashing.key(token));
            s.setString(2, String.valueOf(kind));
            s.setString(3, family);
            s.setString(4, client);
            s.setString(5, user);
            s.setLong(6, expiresAt);
            s.executeUpdate();
        }
    }

    /** Deletes rows expired more than {@link #KEPT_AFTER_EXPIRY} ago, at most once a minute per node. */
    private void purgeNow(long now) {
        long last = lastPurge.get();
        if (now - last < PURGE_EVERY_MS || !lastPurge.compareAndSet(last, now)) {
            return;
        }
        int purged = database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM oauth_tokens WHERE expires_at < ?")) {
                s.setLong(1, now - KEPT_AFTER_EXPIRY.toMillis());
                return s.executeUpdate();
            }
        });
        if (purged > 0) {
            LOG.fine(() -> "Purged " + purged + " expired OAuth code(s) and token(s)");
        }
    }
}
