package org.docbridge.users;

import jakarta.security.enterprise.identitystore.PasswordHash;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.docbridge.state.Database;

/**
 * Users and groups kept by docbridge in the state database, for companies that give it no directory.
 * Passwords are kept as hashes made by Jakarta Security's {@link PasswordHash} (PBKDF2); a name is
 * kept in lower case, so logins ignore case as the access rules do.
 */
public final class EmbeddedUsers implements Directory {

    /** Longest user name, and longest group name. */
    static final int MAX_NAME = 256;
    static final int MAX_GROUP = 128;

    /** One account as the administrators' command lists it. */
    public record Account(String name, String displayName, boolean disabled, Set<String> groups, long changedAt) {
    }

    private final Database database;
    private final PasswordHash hash;
    /** A hash of a password nobody has: an unknown name costs the same verification as a known one. */
    private final String decoy;

    public EmbeddedUsers(Database database, PasswordHash hash) {
        this.database = database;
        this.hash = hash;
        this.decoy = hash.generate(java.util.UUID.randomUUID().toString().toCharArray());
    }

    /** The form every user name is kept and compared in. */
    public static String key(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }

    /** Refuses a name that could not be typed in the login form, or that holds control characters. */
    public static String checkedName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("the user name is empty");
        }
        String key = key(name);
        if (key.length() > MAX_NAME || key.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("a user name has at most " + MAX_NAME + " characters and no control"
                    + " characters");
        }
        return key;
    }

    static Set<String> checkedGroups(List<String> groups) {
        Set<String> checked = new TreeSet<>();
        for (String g : groups) {
            String group = g.strip();
            if (group.isEmpty()) {
                continue;
            }
            if (!group.matches("[A-Za-z0-9_-]{1," + MAX_GROUP + "}")) {
                throw new IllegalArgumentException("the group '" + group + "' is not a group name: letters, digits,"
                        + " '-' and '_', as the access rules write @group");
            }
            checked.add(group);
        }
        return checked;
    }

    @Override
    public Optional<Person> authenticate(String name, char[] password) {
        String key = key(name);
        Optional<Account> account = key.isEmpty() || key.length() > MAX_NAME ? Optional.empty() : find(key);
        String stored = account.map(a -> database.read(c -> passwordHash(c, key))).orElse(decoy);
        boolean valid = password.length > 0 && hash.verify(password, stored);
        if (!valid || account.isEmpty() || account.get().disabled()) {
            return Optional.empty();
        }
        Account a = account.get();
        return Optional.of(new Person(a.name(), a.displayName() == null ? a.name() : a.displayName(), a.groups()));
    }

    @Override
    public boolean active(String name) {
        return find(key(name)).map(a -> !a.disabled()).orElse(false);
    }

    @Override
    public Set<String> groups(String name) {
        return find(key(name)).map(Account::groups).orElse(Set.of());
    }

    @Override
    public String description() {
        return "the embedded users (in the state database)";
    }

    /** The account called {@code name}. */
    public Optional<Account> find(String name) {
        String key = key(name);
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT name, display_name, disabled, changed_at FROM users WHERE name = ?")) {
                s.setString(1, key);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Account(r.getString(1), r.getString(2), r.getBoolean(3), groupsOf(c, key),
                            r.getLong(4)));
                }
            }
        });
    }

    /** Every account, by name. */
    public List<Account> list() {
        return database.read(c -> {
            List<Account> all = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT name, display_name, disabled, changed_at FROM users ORDER BY name");
                    ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    all.add(new Account(r.getString(1), r.getString(2), r.getBoolean(3), Set.of(), r.getLong(4)));
                }
            }
            List<Account> withGroups = new ArrayList<>();
            for (Account a : all) {
                withGroups.add(new Account(a.name(), a.displayName(), a.disabled(), groupsOf(c, a.name()), a.changedAt()));
            }
            return withGroups;
        });
    }

    /** What a save may do: make a new account, change an existing one, or either. */
    public enum Intent { CREATE, UPDATE, EITHER }

    /** The save's intent does not fit what exists: CREATE of a name in use, UPDATE of a missing one. */
    public static final class Conflict extends RuntimeException {
        public Conflict(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Adds {@code name}, or changes it if it exists: a new password (when given), display name (when
     * given) and groups (when given, replacing the old ones). Returns whether the account is new.
     *
     * @throws Conflict when {@code intent} is CREATE and the name is in use, or UPDATE and it is not
     */
    public boolean save(String name, char[] password, String displayName, List<String> groups, Intent intent) {
        String key = checkedName(name);
        Set<String> groupSet = groups == null ? null : checkedGroups(groups);
        String hashed = password == null ? null : hash.generate(password);
        long now = System.currentTimeMillis();
        return database.inTransaction(c -> {
            boolean exists = passwordHash(c, key) != null;
            if (exists && intent == Intent.CREATE) {
                throw new Conflict("the user " + key + " exists already; change it with reset or groups");
            }
            if (!exists && intent == Intent.UPDATE) {
                throw new Conflict("there is no user " + key + "; add it first");
            }
            if (!exists) {
                if (hashed == null) {
                    throw new IllegalArgumentException("a new user needs a password");
                }
                try (PreparedStatement s = c.prepareStatement(
                        "INSERT INTO users (name, password_hash, display_name, disabled, changed_at) VALUES (?, ?, ?, FALSE, ?)")) {
                    s.setString(1, key);
                    s.setString(2, hashed);
                    s.setString(3, blankToNull(displayName));
                    s.setLong(4, now);
                    s.executeUpdate();
                }
            } else {
                if (hashed != null) {
                    update(c, "UPDATE users SET password_hash = ?, changed_at = ? WHERE name = ?", hashed, now, key);
                }
                if (displayName != null) {
                    update(c, "UPDATE users SET display_name = ?, changed_at = ? WHERE name = ?", blankToNull(displayName),
                            now, key);
                }
            }
            if (groupSet != null) {
                try (PreparedStatement s = c.prepareStatement("DELETE FROM user_groups WHERE user_name = ?")) {
                    s.setString(1, key);
                    s.executeUpdate();
                }
                try (PreparedStatement s = c.prepareStatement(
                        "INSERT INTO user_groups (user_name, group_name) VALUES (?, ?)")) {
                    for (String g : groupSet) {
                        s.setString(1, key);
                        s.setString(2, g);
                        s.addBatch();
                    }
                    s.executeBatch();
                }
            }
            return !exists;
        });
    }

    /** Disables or enables {@code name}; false if there is no such account. */
    public boolean setDisabled(String name, boolean disabled) {
        String key = key(name);
        return database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE users SET disabled = ?, changed_at = ? WHERE name = ?")) {
                s.setBoolean(1, disabled);
                s.setLong(2, System.currentTimeMillis());
                s.setString(3, key);
                return s.executeUpdate() == 1;
            }
        });
    }

    /** Removes {@code name} and its groups; false if there is no such account. */
    public boolean remove(String name) {
        String key = key(name);
        return database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM users WHERE name = ?")) {
                s.setString(1, key);
                return s.executeUpdate() == 1;
            }
        });
    }

    private static void update(Connection c, String sql, String value, long now, String key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, value);
            s.setLong(2, now);
            s.setString(3, key);
            s.executeUpdate();
        }
    }

    private static String passwordHash(Connection c, String key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT password_hash FROM users WHERE name = ?")) {
            s.setString(1, key);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }

    private static Set<String> groupsOf(Connection c, String key) throws SQLException {
        Set<String> groups = new LinkedHashSet<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT group_name FROM user_groups WHERE user_name = ? ORDER BY group_name")) {
            s.setString(1, key);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    groups.add(r.getString(1));
                }
            }
        }
        return java.util.Collections.unmodifiableSet(groups);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
