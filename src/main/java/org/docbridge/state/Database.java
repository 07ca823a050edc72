package org.docbridge.state;

import java.sql.Connection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The state database: runs work in a transaction (or in auto-commit for single reads) and turns any
 * {@link SQLException} into a {@link StateException}, after rolling back. Connections come from a
 * pool (ours or the server's): when the database comes back after an outage, the next call gets a
 * fresh connection, so docbridge recovers without a restart.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Database.class.getName());

    /** Work on one connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource source;
    private final String description;
    private final AutoCloseable owned;
    /** Runs the work of a server's datasource on threads without the caller's JTA transaction; null for ours. */
    private final Executor detached;
    private static final ThreadLocal<Boolean> DETACHED = new ThreadLocal<>();

    /**
     * @param description what it is, for logs and errors ("the embedded database", "PostgreSQL at ...")
     * @param owned       what to close with it (our own pool), or null for a server's datasource
     */
    public Database(DataSource source, String description, AutoCloseable owned) {
        this(source, description, owned, null);
    }

    /**
     * @param detached where to run the work of a server's datasource: a server refuses a connection's own
     *                 commits while the calling thread runs in a JTA transaction (an EJB's), so the work
     *                 moves to a thread with none
     */
    public Database(DataSource source, String description, AutoCloseable owned, Executor detached) {
        this.source = source;
        this.description = description;
        this.owned = owned;
        this.detached = detached;
    }

    public DataSource dataSource() {
        return source;
    }

    public String description() {
        return description;
    }

    /** Runs {@code work} in one transaction: all of it is kept, or none. */
    public <T> T inTransaction(Work<T> work) {
        return outsideServerTransactions(() -> transaction(work));
    }

    private <T> T transaction(Work<T> work) {
        try (Connection c = source.getConnection()) {
            boolean auto = c.getAutoCommit();
            try {
                c.setAutoCommit(false);
            } catch (SQLException e) {
                if (isUnreachable(e)) {
                    throw e;
                }
                throw new StateException("The state database (" + description + ") does not let docbridge commit its"
                        + " own transactions: " + e.getMessage(), false, e);
            }
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            } finally {
                restore(c, auto);
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** How many times {@link #read} runs its work when the embedded database was closed under it. */
    static final int READ_ATTEMPTS = 5;
    /** The pause before a read's next attempt, times the attempts so far: the reopening gets time. */
    static final long READ_PAUSE_MILLIS = 40;

    /**
     * Runs {@code work} in auto-commit: for reads, and for single statements. When the embedded database
     * had been closed under the connection (by another call's failed write: on a full disk, writes of
     * other requests and of the search index's watch may close it again and again), the work did
     * nothing, and it runs again on a connection that opens the database anew, up to
     * {@link #READ_ATTEMPTS} times in all, after a short pause that grows with each attempt (40 ms,
     * 80 ms...: at most 400 ms in all), so that a reopening in progress is not met again at once.
     */
    public <T> T read(Work<T> work) {
        return outsideServerTransactions(() -> {
            for (int attempt = 1; ; attempt++) {
                try {
                    return once(work);
                } catch (SQLException e) {
                    if (!EmbeddedRecovery.closedBefore(e) || attempt >= READ_ATTEMPTS) {
                        throw failure(e);
                    }
                    LOG.fine(() -> "The embedded database had been closed under a pooled connection; reading again: " + e);
                    try {
                        Thread.sleep(READ_PAUSE_MILLIS * attempt);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        throw failure(e);
                    }
                }
            }
        });
    }

    private <T> T once(Work<T> work) throws SQLException {
        try (Connection c = source.getConnection()) {
            return work.run(c);
        }
    }

    /**
     * Runs {@code work} where no JTA transaction of the caller's is active: at once for docbridge's own
     * pool, on a managed thread for a server's datasource. Also for Flyway's migrations.
     */
    public <T> T outsideServerTransactions(Supplier<T> work) {
        if (detached == null || Boolean.TRUE.equals(DETACHED.get())) {
            return work.get();
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        detached.execute(() -> {
            DETACHED.set(Boolean.TRUE);
            try {
                result.complete(work.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            } finally {
                DETACHED.remove();
            }
        });
        try {
            return result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new StateException("the state database's work failed: " + e.getCause(), false, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StateException("interrupted while waiting for the state database; nothing was changed", true, e);
        }
    }

    /** The exception a caller sees for {@code e}; logged here with the driver's own words. */
    public StateException failure(SQLException e) {
        if (diskFull(e)) {
            // reachable, and reads go on: only changes must wait (507 for the protocol, 503 for a page)
            LOG.warning(() -> "The state database (" + description + ") cannot write: the disk under it is full ("
                    + e.getMessage() + "); changes are refused until an administrator frees space");
            return new StateException("docbridge's state database cannot write, its disk is full; nothing was changed."
                    + " Try again when an administrator has freed space", true, e);
        }
        if (isUnreachable(e)) {
            LOG.warning(() -> "The state database (" + description + ") cannot be reached: " + e.getMessage()
                    + "; calls that need it answer 503 until it is back");
            return new StateException("docbridge's state database cannot be reached; nothing was changed."
                    + " Try again when it is back", true, e);
        }
        if (isConflict(e)) {
            // a race with a concurrent transaction, which retryingConflicts runs again: only one that is
            // still conflicting when the retries run out is logged as a failure, by the caller that gives up
            LOG.fine(() -> "The state database (" + description + ") aborted a statement for a concurrent one (SQL state "
                    + e.getSQLState() + "): " + e.getMessage());
        } else {
            LOG.log(Level.SEVERE, "The state database (" + description + ") refused a statement (SQL state "
                    + e.getSQLState() + ")", e);
        }
        return new StateException("docbridge's state database refused the change (SQL state " + e.getSQLState()
                + "); nothing was changed", false, e);
    }

    /** How many times {@link #retryingConflicts} runs a transaction at most. */
    public static final int CONFLICT_ATTEMPTS = 5;

    /**
     * Runs {@code transaction} (a call of {@link #inTransaction}) again when the database aborted it for
     * a conflict with a concurrent one: a serialization failure, a deadlock, a duplicate key from a
     * concurrent insert, or H2's lock timeout. Up to {@link #CONFLICT_ATTEMPTS} times.
     */
    public static <T> T retryingConflicts(Supplier<T> transaction) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction.get();
            } catch (StateException e) {
                if (!isConflict(e.getCause())) {
                    throw e;
                }
                if (attempt >= CONFLICT_ATTEMPTS) {
                    // logged once, by whoever gives up on it: the error mapper for a request (SEVERE, with
                    // the database's words), a background task in its own warning
                    throw e;
                }
            }
        }
    }

    /** Whether {@code cause} is a conflict with a concurrent transaction, which a retry may get past. */
    public static boolean isConflict(Throwable cause) {
        if (!(cause instanceof SQLException s) || s.getSQLState() == null) {
            return false;
        }
        return java.util.Set.of("40001", "40P01", "23505", "HYT00", "90131").contains(s.getSQLState());
    }

    /** Causes are followed this deep at most: some drivers chain an exception to itself. */
    private static final int DEPTH = 16;

    /**
     * Whether {@code failure}, or one of its causes, is the operating system's "no space left": the
     * words of Linux, of a quota, and of Windows, which is all Java keeps of the error number. H2 and
     * PostgreSQL pass them on in their own errors.
     */
    public static boolean diskFull(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < DEPTH; depth++, t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && (message.contains("No space left on device") || message.contains("Disk quota exceeded")
                    || message.contains("not enough space on the disk"))) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code e} says the database is out of reach rather than that it refused a statement. */
    static boolean isUnreachable(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException s) {
                String state = s.getSQLState();
                // 08: connection exceptions; 57P01-57P03: the server is shutting down or starting
                if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
                    return true;
                }
            }
            if (t instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            // the connection is broken; the pool discards it, and the transaction died with it
        }
    }

    private static void restore(Connection c, boolean auto) {
        try {
            c.setAutoCommit(auto);
        } catch (SQLException e) {
            // broken connection: the pool discards it
        }
    }

    @Override
    public void close() {
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                LOG.warning(() -> "Could not close the state database (" + description + "): " + e);
            }
        }
    }
}
