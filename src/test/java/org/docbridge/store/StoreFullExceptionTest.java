package org.docbridge.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class StoreFullExceptionTest {

    @Test
    void aFullDiskIsFoundWhereverItIsInTheCauses() {
        assertTrue(StoreFullException.causedBy(new IOException("No space left on device")));
        assertTrue(StoreFullException.causedBy(new FileSystemException("/data/x", null, "No space left on device")));
        assertTrue(StoreFullException.causedBy(new UncheckedIOException(new IOException("Disk quota exceeded"))));
        // the embedded database's way: its storage engine's failure inside a general SQL error
        SQLException sql = new SQLException("General error: Writing to channel failed", "HY000", 50000,
                new IllegalStateException("write", new IOException("No space left on device")));
        assertTrue(StoreFullException.causedBy(new RuntimeException("state", sql)));
        assertTrue(StoreFullException.causedBy(new StoreFullException(new IOException("full"))));
    }

    @Test
    void otherFailuresAreNotAFullDisk() {
        assertFalse(StoreFullException.causedBy(new IOException("Permission denied")));
        assertFalse(StoreFullException.causedBy(new SQLException("connection refused", "08001")));
        assertFalse(StoreFullException.causedBy(null));
    }

    @Test
    void aCauseThatIsItsOwnCauseEnds() {
        Throwable loop = new Throwable("loop") {
            @Override
            public synchronized Throwable getCause() {
                return this;
            }
        };
        assertFalse(StoreFullException.causedBy(loop));
    }
}
