package org.docbridge.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zaxxer.hikari.SQLExceptionOverride.Override;
import java.io.IOException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

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
}
