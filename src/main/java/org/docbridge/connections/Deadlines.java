package org.docbridge.connections;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;

/**
 * What each HTTP connection is doing, as far as its deadlines go, told by the server's events, and
 * which connections are past one. Two deadlines:
 * <ul>
 * <li>a request head must arrive whole within {@code head} of its first byte (a head trickled in a
 * byte at a time restarts no clock here);</li>
 * <li>an answer waiting to be sent must make progress (some byte taken by the client) within
 * {@code answer}.</li>
 * </ul>
 * A request body, a request being worked on and an idle keep-alive connection have no deadline here
 * (docbridge's upload rate and the server's idle timeouts see to them). A head starts with the first
 * byte after the connection was accepted or after the previous request's final answer (a 1xx
 * answer, such as 100 Continue, is not final: the body follows it). Connections open before the
 * watch began are watched from their next final answer. Thread-safe; times in nanoseconds.
 *
 * @param <C> the server's connection
 */
final class Deadlines<C> {

    /** Why a connection is past its deadline. */
    enum Reason {
        HEAD, ANSWER
    }

    /** A connection past a deadline. */
    record Expired<C>(C connection, Reason reason) {
    }

    private static final class Watch {
        /** A final answer was sent (or the connection is new): the next byte read begins a head. */
        volatile boolean headNext;
        /** When the head being read began; {@link #NONE}: no head being read. */
        volatile long headSince = NONE;
        /** When the client last took bytes of an answer (or the watch began). */
        volatile long lastProgress;

        Watch(boolean headNext, long now) {
            this.headNext = headNext;
            this.lastProgress = now;
        }
    }

    /** No head being read (nanoTime may be any long, but not this one in practice). */
    private static final long NONE = Long.MIN_VALUE;

    private final long headNanos;
    private final long answerNanos;
    private final Map<C, Watch> watches = new ConcurrentHashMap<>();

    /** Either deadline 0: not applied. */
    Deadlines(long headNanos, long answerNanos) {
        this.headNanos = headNanos;
        this.answerNanos = answerNanos;
    }

    /** A connection seen from its start (it is new or has read nothing yet): its first byte begins a head. */
    void opened(C connection, long now) {
        watches.putIfAbsent(connection, new Watch(true, now));
    }

    /** Bytes read from the connection. */
    void read(C connection, long now) {
        Watch w = watches.get(connection);
        if (w != null && w.headNext) {
            w.headNext = false;
            w.headSince = now;
        }
    }

    /** A whole request head was read: the request has no head deadline any more. */
    void headRead(C connection) {
        Watch w = watches.get(connection);
        if (w != null) {
            w.headNext = false;
            w.headSince = NONE;
        }
    }

    /** An answer's head is being sent; {@code status} below 200 is an interim answer (100 Continue). */
    void answering(C connection, int status, long now) {
        if (status < 200) {
            return;
        }
        Watch w = watches.computeIfAbsent(connection, c -> new Watch(false, now));
        w.headNext = true;
        w.headSince = NONE;
        w.lastProgress = now; // the answer's clock starts with it, not with an idle connection's last one
    }

    /** The client took bytes of an answer. */
    void written(C connection, long now) {
        Watch w = watches.get(connection);
        if (w != null) {
            w.lastProgress = now;
        }
    }

    /** The connection is closed: forgotten. */
    void closed(C connection) {
        watches.remove(connection);
    }

    /** Forgets the connections {@code gone} says are closed (a close reported before a late event). */
    void forget(java.util.function.Predicate<C> gone) {
        watches.keySet().removeIf(gone);
    }

    /** How many connections are watched. */
    int size() {
        return watches.size();
    }

    /**
     * The connections past a deadline at {@code now}, each forgotten here (the caller closes it);
     * {@code queued} gives the bytes of answer a connection still has waiting to be sent.
     */
    List<Expired<C>> expired(long now, ToLongFunction<C> queued) {
        List<Expired<C>> out = new ArrayList<>();
        for (Map.Entry<C, Watch> e : watches.entrySet()) {
            Watch w = e.getValue();
            long head = w.headSince;
            Reason reason = null;
            if (headNanos > 0 && head != NONE && now - head > headNanos) {
                reason = Reason.HEAD;
            } else if (answerNanos > 0 && now - w.lastProgress > answerNanos && queued.applyAsLong(e.getKey()) > 0) {
                reason = Reason.ANSWER;
            }
            if (reason != null && watches.remove(e.getKey(), w)) {
                out.add(new Expired<>(e.getKey(), reason));
            }
        }
        return out;
    }
}
