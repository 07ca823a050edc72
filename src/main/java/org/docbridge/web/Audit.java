package org.docbridge.web;

import java.util.logging.Logger;

/**
 * One line per change made through docbridge, in the logger {@code org.docbridge.audit}: who, what,
 * on which item, the result and the bytes, e.g.
 * {@code user=ann@bank.example op=upload id=Qx3… name="Q1 report.pdf" bytes=52311 result=ok ms=40}.
 * Values are written by {@link LogValues}, as in the request log: quoted and escaped where needed,
 * so that a line is always one line, a name can never forge a field, and no character hides.
 */
public final class Audit {

    private static final Logger LOG = Logger.getLogger("org.docbridge.audit");

    /** Where else the lines go ({@link AuditFile}); null for nowhere. */
    private static volatile java.util.function.Consumer<String> sink;

    private final StringBuilder line = new StringBuilder(160);
    private final long started = System.nanoTime();

    private Audit(String user, String op) {
        with("user", user);
        with("op", op);
    }

    /** Sends every line to {@code lines} as well (null: to the log only). */
    static void sink(java.util.function.Consumer<String> lines) {
        sink = lines;
    }

    public static Audit of(String user, String op) {
        return new Audit(user, op);
    }

    /** Adds a field; a null value is left out. */
    public Audit with(String key, Object value) {
        if (value == null) {
            return this;
        }
        if (!line.isEmpty()) {
            line.append(' ');
        }
        line.append(key).append('=');
        LogValues.append(line, String.valueOf(value), Integer.MAX_VALUE);
        return this;
    }

    public void ok() {
        done("ok", null);
    }

    /** Logs the change as failed, with the message the client was given. */
    public void failed(String message) {
        done("failed", message);
    }

    public void done(String result, String message) {
        with("result", result);
        with("error", message);
        with("ms", (System.nanoTime() - started) / 1_000_000);
        String text = line.toString();
        LOG.info(text);
        java.util.function.Consumer<String> also = sink;
        if (also != null) {
            also.accept(text);
        }
    }
}
