package org.docbridge.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.SQLExceptionOverride.Override;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedRecoveryTest {

    private final EmbeddedRecovery recovery = new EmbeddedRecovery();

    @Test
    void aClosedOrUnwritableEmbeddedDatabaseEvictsTheConnection() {
        assertEquals(Override.MUST_EVICT, recovery.adjudicate(new SQLException("The database has been closed", "90098",
                EmbeddedRecovery.CLOSED)));
        assertEquals(Override.MUST_EVICT, recovery.adjudicate(new SQLException(
                "General error: org.h2.mvstore.MVStoreException: Writing to channel failed", "HY000", EmbeddedRecovery.GENERAL)));
        assertEquals(Override.MUST_EVICT, recovery.adjudicate(new SQLException("IO Exception", "90028", EmbeddedRecovery.IO,
                new IOException("No space left on device"))));
    }

    @Test
    void aRefusedStatementKeepsItsConnection() {
        // a constraint violation, a syntax error, a lock timeout: the connection is fine
        assertEquals(Override.CONTINUE_EVICT, recovery.adjudicate(new SQLException("Referential integrity", "23506", 23506)));
        assertEquals(Override.CONTINUE_EVICT, recovery.adjudicate(new SQLException("General error: division", "HY000",
                EmbeddedRecovery.GENERAL)));
        assertEquals(Override.CONTINUE_EVICT, recovery.adjudicate(new SQLException("Timeout trying to lock", "HYT00", 50200)));
    }

    @Test
    void aReadAfterTheDatabaseClosedUnderThePoolOpensItAgain(@TempDir Path folder) throws Exception {
        try (Database database = StateSource.open(StateSource.Settings.embedded(), folder)) {
            database.inTransaction(c -> c.createStatement().execute("create table kept(v int)")
                    && false || c.createStatement().executeUpdate("insert into kept values (7)") == 1);
            // two connections in the pool, as when requests run side by side
            try (Connection first = database.dataSource().getConnection();
                    Connection second = database.dataSource().getConnection()) {
                first.createStatement().executeQuery("select 1").close();
                second.createStatement().executeQuery("select 1").close();
            }
            shutDownUnder(database);
            int value = database.read(c -> {
                try (ResultSet rs = c.createStatement().executeQuery("select v from kept")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertEquals(7, value, "the read did not open the database again");
            // and no other pooled connection is left on the closed database, for a transaction to be handed
            try (Connection first = database.dataSource().getConnection();
                    Connection second = database.dataSource().getConnection()) {
                first.createStatement().executeQuery("select v from kept").close();
                second.createStatement().executeQuery("select v from kept").close();
            }
        }
    }

    @Test
    void aReadGoesOnWhileOtherCallsCloseTheDatabaseAgainAndAgain(@TempDir Path folder) throws Exception {
        try (Database database = StateSource.open(StateSource.Settings.embedded(), folder)) {
            database.inTransaction(c -> c.createStatement().executeUpdate("create table kept(v int)") == 0
                    && c.createStatement().executeUpdate("insert into kept values (7)") == 1);
            int[] attempts = {0};
            // on a full disk, each failed write of another request (or of the index's watch) closes the
            // database again, also between a read's first attempt and its next
            int value = database.read(c -> {
                attempts[0]++;
                if (attempts[0] < Database.READ_ATTEMPTS) {
                    shutDownUnder(database);
                }
                try (ResultSet rs = c.createStatement().executeQuery("select v from kept")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertEquals(7, value);
            assertEquals(Database.READ_ATTEMPTS, attempts[0], "the read ran again on each closed database");

            // and a database that stays closed is not read forever: the call fails, with the driver's words
            attempts[0] = 0;
            StateException failed = assertThrows(StateException.class, () -> database.read(c -> {
                attempts[0]++;
                shutDownUnder(database);
                return c.createStatement().executeQuery("select v from kept").next();
            }));
            assertEquals(Database.READ_ATTEMPTS, attempts[0]);
            assertTrue(EmbeddedRecovery.closedBefore((SQLException) failed.getCause()), String.valueOf(failed.getCause()));
        }
    }

    /** What a failed write does: H2 closes the database under every pooled connection. */
    private static void shutDownUnder(Database database) throws SQLException {
        try (Connection closing = database.dataSource().getConnection(); Statement s = closing.createStatement()) {
            s.execute("shutdown immediately");
        } catch (SQLException expected) {
            // the connection that closed it goes with it
        }
    }
}
