package org.docbridge.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write that finds its row held by another transaction waits for it, as on PostgreSQL, rather than
 * failing after H2's own 2 s: every write takes its turn on the change feed's one row, and a burst of
 * writes on a busy disk queues there longer than that.
 */
class LockWaitTest {

    /** Longer than H2's default lock timeout (2 s), well within docbridge's. */
    static final long HELD_MILLIS = 3_500;

    @TempDir
    Path tmp;

    @Test
    void aWriteWaitsForARowHeldLongerThanH2sDefaultTimeout() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (Database database = TestState.embedded(tmp)) {
            database.inTransaction(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE lock_wait_test (k INT PRIMARY KEY, v INT)");
                    s.execute("INSERT INTO lock_wait_test VALUES (1, 0)");
                }
                return null;
            });
            CountDownLatch held = new CountDownLatch(1);
            Future<Void> holder = threads.submit(() -> database.inTransaction(c -> {
                increment(c);
                held.countDown();
                try {
                    Thread.sleep(HELD_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }));
            assertTrue(held.await(10, TimeUnit.SECONDS), "the first transaction holds the row");
            long start = System.nanoTime();
            Future<Void> waiter = threads.submit(() -> database.inTransaction(c -> {
                increment(c);
                return null;
            }));
            waiter.get(30, TimeUnit.SECONDS); // a lock timeout would throw here
            holder.get(30, TimeUnit.SECONDS);
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(waited >= 2_000, "the second write waited for the first one's commit (" + waited + " ms)");
            assertEquals(2, (int) database.read(c -> {
                try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT v FROM lock_wait_test")) {
                    r.next();
                    return r.getInt(1);
                }
            }), "both increments kept");
        } finally {
            threads.shutdownNow();
        }
    }

    private static void increment(java.sql.Connection c) throws java.sql.SQLException {
        try (PreparedStatement u = c.prepareStatement("UPDATE lock_wait_test SET v = v + 1 WHERE k = 1")) {
            assertEquals(1, u.executeUpdate());
        }
    }
}
