package org.docbridge.state;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Optional;
import java.util.logging.Logger;
import org.docbridge.runtime.DataFolder;

/**
 * Secrets docbridge makes itself when none is configured (the API key, the links' key), kept in the
 * state database's {@code secrets} table so that every node uses the same. The first node to start
 * makes a value and the database keeps the first one written; the others read it.
 *
 * <p>Each node also keeps a copy in {@code state/<name>}, readable by the server's user only: that is
 * where an administrator reads the generated API key. An installation upgraded from a release that
 * kept its secrets only there brings them into the database at its first start, so Workfront's key and
 * the links already handed out keep working.
 */
@ApplicationScoped
public class Secrets {

    private static final Logger LOG = Logger.getLogger(Secrets.class.getName());

    @Inject
    Database database;

    @Inject
    DataFolder data;

    private Path state;

    /** For CDI. */
    Secrets() {
    }

    /** Secrets in {@code database}, with their copies in {@code stateFolder}, for tests. */
    Secrets(Database database, Path stateFolder) {
        this.database = database;
        this.state = stateFolder;
    }

    /** The secret called {@code name} (a short file-name-like word), made on first use from 32 random bytes. */
    public String secret(String name) {
        Path copy = state().resolve(name);
        Optional<String> kept = database.read(c -> read(c, name));
        String value = kept.orElseGet(() -> make(name, copy));
        keepCopy(name, copy, value);
        return value;
    }

    /** Writes the value found in the file of an earlier release, or a new one, unless another node wrote first. */
    private String make(String name, Path copy) {
        Optional<String> earlier = readFile(copy);
        String candidate = earlier.orElseGet(Secrets::random);
        String value = database.inTransaction(c -> {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO secrets (name, secret_value) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                insert.setString(1, name);
                insert.setString(2, candidate);
                insert.executeUpdate();
            }
            return read(c, name).orElseThrow(() -> new SQLException("the secret '" + name + "' was written but"
                    + " cannot be read back", "55000"));
        });
        if (value.equals(candidate)) {
            LOG.info(() -> earlier.isPresent()
                    ? "The " + name + " kept in " + copy + " by an earlier version is now kept in the state database,"
                            + " the same for every node"
                    : "Generated a new " + name + ", kept in the state database, the same for every node");
        }
        return value;
    }

    private static Optional<String> read(Connection c, String name) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT secret_value FROM secrets WHERE name = ?")) {
            q.setString(1, name);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
            }
        }
    }

    private static Optional<String> readFile(Path file) {
        try {
            String value = Files.readString(file, StandardCharsets.UTF_8).trim();
            return value.isEmpty() ? Optional.empty() : Optional.of(value);
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + " (" + e.getMessage() + "); make it readable by the"
                    + " server's user, or delete it", e);
        }
    }

    /** The copy for the administrator; failing to write it only warns, the database holds the value. */
    private void keepCopy(String name, Path copy, String value) {
        Optional<String> there = readFile(copy);
        if (there.isPresent() && there.get().equals(value)) {
            return;
        }
        if (there.isPresent()) {
            LOG.warning(() -> copy + " held another " + name + " than the one every node shares (in the state"
                    + " database): the shared one is used, and now written there; the one it held no longer works");
        }
        try {
            Path tmp = Files.createTempFile(copy.getParent(), name, ".tmp");
            try {
                ownerOnly(tmp);
                Files.writeString(tmp, value + "\n", StandardCharsets.UTF_8);
                Files.move(tmp, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warning(() -> "Could not write the copy of the " + name + " to " + copy + " (" + e
                    + "); the value is kept in the state database");
        }
    }

    private static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the state folder's own permissions protect it
        }
    }

    private static String random() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private Path state() {
        return state != null ? state : data.state();
    }
}
