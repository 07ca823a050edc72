package org.docbridge.oauth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.docbridge.state.Database;

/**
 * Slows password guessing, per user name and per address, on every node alike (the counts are in the
 * state database): the first {@link #FREE} failures for a user name in a quarter of an hour cost
 * nothing more ({@link #FREE_PER_ADDRESS} for an address, which a whole office behind one proxy may
 * share); each one after that doubles the wait before the next attempt is even checked, up to
 * {@link #MAX_WAIT}. A success clears the user name's count. The wait applies whether or not the user
 * name exists.
 *
 * <p>An attempt is counted as a failure before its password is checked ({@link #claim}), under the
 * rows' locks, so that guesses sent in parallel are slowed like guesses sent one by one; a success
 * takes it back ({@link #succeeded}).
 */
@ApplicationScoped
public class LoginThrottle {

    static final int FREE = 5;
    static final int FREE_PER_ADDRESS = 30;
    static final Duration WINDOW = Duration.ofMinutes(15);
    static final Duration MAX_WAIT = Duration.ofMinutes(5);

    @Inject
    Database database;

    Clock clock = Clock.systemUTC();

    /** For CDI. */
    LoginThrottle() {
    }

    LoginThrottle(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /**
     * Whether {@code user} may try a password from {@code address} now: 0 if so, and the attempt is
     * counted as a failure until {@link #succeeded} takes it back; otherwise the seconds to wait, and
     * nothing is counted.
     */
    public long claim(String user, String address) {
        long now = clock.millis();
        return Database.retryingConflicts(() -> database.inTransaction(c -> {
            List<String> subjects = subjects(user, address);
            for (String subject : subjects) {
                lock(c, subject, now);
            }
            long longest = 0;
            for (String subject : subjects) {
                longest = Math.max(longest, waitMillis(c, subject, now));
            }
            if (longest > 0) {
                return (longest + 999) / 1000;
            }
            for (String subject : subjects) {
                increment(c, subject, now);
            }
            return 0L;
        }));
    }

    /** Seconds to wait before {@code user} may try again from {@code address}; 0 if now. */
    long waitSeconds(String user, String address) {
        long now = clock.millis();
        return database.read(c -> {
            long longest = 0;
            for (String subject : subjects(user, address)) {
                longest = Math.max(longest, waitMillis(c, subject, now));
            }
            return (longest + 999) / 1000;
        });
    }

    /** Locks the subject's row, made with no failures if there is none, until the transaction ends. */
    private static void lock(Connection c, String subject, long now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE login_failures SET failures = failures WHERE subject = ?")) {
            s.setString(1, subject);
            if (s.executeUpdate() == 1) {
                return;
            }
        }
        // no row yet: a concurrent claim making it too ends this transaction in a duplicate key, run again
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO login_failures (subject, failures, last_at) VALUES (?, 0, ?)")) {
            s.setString(1, subject);
            s.setLong(2, now);
            s.executeUpdate();
        }
    }

    /** Counts a failed attempt against the user name and the address; parallel failures all count. */
    void failed(String user, String address) {
        long now = clock.millis();
        database.inTransaction(c -> {
            for (String subject : subjects(user, address)) {
                if (!increment(c, subject, now)) {
                    java.sql.Savepoint before = c.setSavepoint();
                    try (PreparedStatement s = c.prepareStatement(
                            "INSERT INTO login_failures (subject, failures, last_at) VALUES (?, 1, ?)")) {
                        s.setString(1, subject);
                        s.setLong(2, now);
                        s.executeUpdate();
                    } catch (SQLException e) {
                        if (!"23505".equals(e.getSQLState())) {
                            throw e;
                        }
                        // another failure made the row first: count this one on it
                        c.rollback(before);
                        increment(c, subject, now);
                    }
                }
            }
            // rows older than the window count for nothing: let them go as others are written
            try (PreparedStatement s = c.prepareStatement("DELETE FROM login_failures WHERE last_at < ?")) {
                s.setLong(1, now - WINDOW.toMillis());
                s.executeUpdate();
            }
            return null;
        });
    }

    /** One more failure on the subject's row (a fresh count if its last one is out of the window); false if none. */
    private static boolean increment(Connection c, String subject, long now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE login_failures SET failures = CASE WHEN last_at > ?"
                + " THEN failures + 1 ELSE 1 END, last_at = ? WHERE subject = ?")) {
            s.setLong(1, now - WINDOW.toMillis());
            s.setLong(2, now);
            s.setString(3, subject);
            return s.executeUpdate() == 1;
        }
    }

    /**
     * A successful login clears the count of the user name, and takes back from the address the
     * failure its {@link #claim} counted (the address's earlier failures stay).
     */
    public void succeeded(String user, String address) {
        database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM login_failures WHERE subject = ?")) {
                s.setString(1, userSubject(user));
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE login_failures SET failures = failures - 1 WHERE subject = ? AND failures > 0")) {
                s.setString(1, addressSubject(address));
                s.executeUpdate();
            }
            return null;
        });
    }

    private static long waitMillis(Connection c, String subject, long now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT failures, last_at FROM login_failures WHERE subject = ?")) {
            s.setString(1, subject);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next() || now - r.getLong(2) >= WINDOW.toMillis()) {
                    return 0;
                }
                int failures = r.getInt(1);
                int free = subject.startsWith("a:") ? FREE_PER_ADDRESS : FREE;
                if (failures <= free) {
                    return 0;
                }
                long wait = Math.min(MAX_WAIT.toMillis(), 1000L << Math.min(20, failures - free - 1));
                return Math.max(0, r.getLong(2) + wait - now);
            }
        }
    }

    private static List<String> subjects(String user, String address) {
        return List.of(userSubject(user), addressSubject(address));
    }

    private static String addressSubject(String address) {
        return "a:" + (address == null ? "" : address);
    }

    private static String userSubject(String user) {
        String key = user.strip().toLowerCase(Locale.ROOT);
        return "u:" + (key.length() > 256 ? key.substring(0, 256) : key);
    }
}
