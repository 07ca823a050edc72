package org.docbridge.state;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;

/**
 * The pool's verdict on an embedded database's connection after a failure. When a write to its file
 * fails (a full disk, an unwritable folder) H2 closes the whole database, and every pooled connection
 * is dead from then on; H2's error codes are not the connection errors the pool knows. Evicting them
 * lets the pool open the database afresh, which succeeds as soon as the disk has room again: no
 * restart needed. All of the pool's connections go at once, not only the one that failed: the others
 * share the closed database, and a read handed one of them would fail for a write it never made
 * (reads go on working on a full disk: H2 opens the database again without writing).
 */
final class EmbeddedRecovery implements SQLExceptionOverride {

    private volatile HikariDataSource pool;

    /** The pool whose connections go when one of them finds the database closed. */
    void attach(HikariDataSource pool) {
        this.pool = pool;
    }

    /** H2's DATABASE_IS_CLOSED: a failed write closed it. */
    static final int CLOSED = 90098;
    /** H2's DATABASE_CALLED_AT_SHUTDOWN: it was shut down. */
    static final int SHUT_DOWN = 90121;
    /** H2's GENERAL_ERROR_1, which wraps its storage engine's failures. */
    static final int GENERAL = 50000;
    /** H2's IO_EXCEPTION_1 and IO_EXCEPTION_2. */
    static final int IO = 90028;
    static final int IO_2 = 90031;

    @java.lang.Override
    public SQLExceptionOverride.Override adjudicate(SQLException failure) {
        if (!mustEvict(failure)) {
            return SQLExceptionOverride.Override.CONTINUE_EVICT;
        }
        HikariDataSource attached = pool;
        if (attached != null && attached.getHikariPoolMXBean() != null) {
            // idle connections close now, borrowed ones when they come back
            attached.getHikariPoolMXBean().softEvictConnections();
        }
        return SQLExceptionOverride.Override.MUST_EVICT;
    }

    /** Whether {@code failure} says the database had been closed before the statement ran: it did nothing. */
    static boolean closedBefore(SQLException failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
            if (t instanceof SQLException s && (s.getErrorCode() == CLOSED || s.getErrorCode() == SHUT_DOWN)) {
                return true;
            }
        }
        return false;
    }

    static boolean mustEvict(SQLException failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
            if (t instanceof java.io.IOException) {
                return true;
            }
            if (t instanceof SQLException s) {
                int code = s.getErrorCode();
                if (code == CLOSED || code == SHUT_DOWN || code == IO || code == IO_2
                        || code == GENERAL && String.valueOf(s.getMessage()).contains("MVStoreException")) {
                    return true;
                }
            }
        }
        return false;
    }
}
