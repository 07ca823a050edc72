package org.docbridge.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings of the state database that do not work stop the start with a message naming the setting. */
class StateSourceTest {

    @TempDir
    Path tmp;

    static StateSource.Settings url(String url, String user, String password, String passwordFile) {
        return new StateSource.Settings(Optional.of(url), Optional.ofNullable(user), Optional.ofNullable(password),
                Optional.ofNullable(passwordFile), Optional.empty());
    }

    String refusal(StateSource.Settings settings) {
        return assertThrows(IllegalStateException.class, () -> StateSource.open(settings, tmp)).getMessage();
    }

    @Test
    void aDatabaseDocbridgeDoesNotSpeakIsRefusedByName() {
        String message = refusal(url("jdbc:mysql://db/docbridge", "u", "p", null));
        assertTrue(message.startsWith("docbridge.db.url:"), message);
        assertTrue(message.contains("jdbc:postgresql://"), "says what to give instead: " + message);
    }

    @Test
    void aServerNobodyListensOnNamesTheUrl() {
        String message = refusal(url("jdbc:postgresql://127.0.0.1:1/docbridge", "docbridge", "secret-password", null));
        assertTrue(message.startsWith("docbridge.db.url: cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:1/docbridge"),
                message);
        assertFalse(message.contains("secret-password"));
    }

    @Test
    void aWrongPasswordNamesUserAndPasswordAndNeverShowsThePassword() {
        String h2 = "jdbc:h2:file:" + tmp.resolve("guarded");
        Database made = StateSource.open(url(h2, "owner", "right-password", null), tmp);
        made.close();
        String message = refusal(url(h2, "owner", "wrong-password", null));
        assertTrue(message.startsWith("docbridge.db.user / docbridge.db.password"), message);
        assertTrue(message.contains("'owner'"), message);
        assertFalse(message.contains("wrong-password") || message.contains("right-password"), message);
    }

    @Test
    void thePasswordCanComeFromAFile() throws Exception {
        String h2 = "jdbc:h2:file:" + tmp.resolve("from-file");
        StateSource.open(url(h2, "owner", "kept-in-a-file", null), tmp).close();
        Path file = Files.writeString(tmp.resolve("db-password"), "kept-in-a-file\n");
        try (Database database = StateSource.open(url(h2, "owner", null, file.toString()), tmp)) {
            assertEquals(Boolean.TRUE, database.read(c -> c.isValid(2)));
        }
    }

    @Test
    void anUnreadablePasswordFileIsNamed() {
        String message = refusal(url("jdbc:postgresql://127.0.0.1:1/x", "u", null, tmp.resolve("missing").toString()));
        assertTrue(message.startsWith("docbridge.db.password-file: cannot read"), message);
    }

    @Test
    void settingsThatContradictEachOtherAreRefused() {
        String both = refusal(url("jdbc:postgresql://127.0.0.1:1/x", "u", "p", tmp.resolve("f").toString()));
        assertTrue(both.contains("docbridge.db.password and docbridge.db.password-file"), both);
        String jndiAndUrl = refusal(new StateSource.Settings(Optional.of("jdbc:postgresql://h/x"), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of("jdbc/docbridge")));
        assertTrue(jndiAndUrl.contains("docbridge.db.jndi and docbridge.db.url"), jndiAndUrl);
    }

    @Test
    void theEmbeddedDatabaseIsMadeInTheStateFolderAndMigrated() {
        try (Database database = TestState.embedded(tmp)) {
            assertTrue(Files.exists(tmp.resolve("docbridge.mv.db")));
            long root = database.read(c -> {
                try (var q = c.prepareStatement("SELECT count(*) FROM items WHERE parent_id IS NULL");
                        var r = q.executeQuery()) {
                    r.next();
                    return r.getLong(1);
                }
            });
            assertEquals(1, root, "the root row");
        }
    }
}
