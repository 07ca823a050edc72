package org.docbridge.state.upgrade;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.logging.Logger;

/**
 * The secrets the versions before the database generated into the state folder, one file each
 * ({@code state/api-key}, {@code state/link-secret}), copied into {@code secrets} so that every node
 * uses the same values and Workfront's configured key keeps working. A secret the database already
 * holds is kept. The files stay where they are: code of this version may still read them.
 */
final class SecretFiles {

    private static final Logger LOG = Logger.getLogger(SecretFiles.class.getName());

    /** The names DataFolder.secret was called with: ApiKeys.GENERATED_KEY_FILE, LinkSigner.GENERATED_SECRET_FILE. */
    static final List<String> NAMES = List.of("api-key", "link-secret");

    private SecretFiles() {
    }

    /** Adds each secret file's value unless the database has one of that name; answers how many were added. */
    static int insert(Connection db, Path state) throws IOException, SQLException {
        int added = 0;
        try (PreparedStatement add = db.prepareStatement(
                "INSERT INTO secrets (name, value) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            for (String name : NAMES) {
                Path file = state.resolve(name);
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                // read as DataFolder.secret read it: the whole file, trimmed
                String value = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (value.isEmpty() || value.length() > 256) {
                    LOG.warning(() -> "Import of the state folder: state/" + name + " does not hold a secret"
                            + " (empty, or longer than 256 characters); not imported");
                    continue;
                }
                add.setString(1, name);
                add.setString(2, value);
                added += add.executeUpdate();
            }
        }
        return added;
    }
}
