package org.docbridge.state;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;

/**
 * The pool's verdict on an embedded database's connection after a failure. When a write to its file
 * fails (a full disk, an unwritable folder) H2 closes the whole database, and every pooled connection
 * is dead from then on; H2's error codes are not the connection errors the pool knows. Evicting them
 * lets the pool open the database afresh, which succeeds as soon as the disk has room again: no
 * restart needed.
 */
final class EmbeddedRecovery implements SQLExceptionOverride {

    /** H2's DATABASE_IS_CLOSED. */
    static final int CLOSED = 90098;
    /** H2's GENERAL_ERROR_1, which wraps its storage engine's failures. */
    static final int GENERAL = 50000;
    /** H2's IO_EXCEPTION_1 and IO_EXCEPTION_2. */
    static final int IO = 90028;
    static final int IO_2 = 90031;

    @java.lang.Override
    public SQLExceptionOverride.Override adjudicate(SQLException failure) {
        return mustEvict(failure) ? SQLExceptionOverride.Override.MUST_EVICT : SQLExceptionOverride.Override.CONTINUE_EVICT;
    }

    static boolean mustEvict(SQLException failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
            if (t instanceof java.io.IOException) {
                return true;
            }
            if (t instanceof SQLException s) {
                int code = s.getErrorCode();
                if (code == CLOSED || code == IO || code == IO_2
                        || code == GENERAL && String.valueOf(s.getMessage()).contains("MVStoreException")) {
                    return true;
                }
            }
        }
        return false;
    }
}
