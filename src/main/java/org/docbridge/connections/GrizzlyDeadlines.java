package org.docbridge.connections;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.ConnectionProbe;
import org.glassfish.grizzly.Transport;
import org.glassfish.grizzly.http.HttpCodecFilter;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.HttpPacket;
import org.glassfish.grizzly.http.HttpProbe;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.nio.NIOConnection;

/**
 * The deadlines on Payara's HTTP listeners (Grizzly), which have none for a request head and cannot
 * close a connection whose answer the client never reads: probes on each listener's transport and
 * HTTP codec report every connection's reads, heads and writes to {@link Deadlines}, and a sweeper
 * closes, once a second, each connection past a deadline. The listeners are found in the server
 * (Payara's GrizzlyService, by reflection: it is not an API); a listener the server makes anew (its
 * settings changed) is watched again at the next sweep. Loaded only where Grizzly is the server's.
 *
 * <p>The codec probe also mends two answers the server gives to malformed request lines
 * ({@link GrizzlyRequestLines}).
 */
final class GrizzlyDeadlines implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ConnectionDeadlines.class.getName());
    private static final long SUMMARY_EVERY = Duration.ofMinutes(1).toNanos();

    private final Deadlines<Connection<?>> deadlines;
    private final Object grizzlyService;
    /** Where {@code GET *} goes: docbridge's context path and an asterisk, which docbridge answers 404. */
    private final String asteriskTarget;
    private final Duration head;
    private final Duration answer;
    /** The transport and codec filters probed, per listener name: what {@link #close} takes the probes off. */
    private final Map<String, Probed> probed = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<Deadlines.Reason, Long> closedSinceSummary = new EnumMap<>(Deadlines.Reason.class);
    private final Thread sweeper;
    private volatile boolean closed;
    private long lastSummary = System.nanoTime();

    private record Probed(Transport transport, List<HttpCodecFilter> codecs, String where) {
    }

    private final ConnectionProbe connectionProbe = new ConnectionProbe.Adapter() {
        @Override
        public void onReadEvent(Connection connection, Buffer data, int size) {
            // a connection reports to this probe only when it was made after the probe was added (Grizzly
            // gives each new connection the transport's probes of the moment): its first read is its start
            deadlines.opened(connection, System.nanoTime());
        }

        @Override
        public void onWriteEvent(Connection connection, Buffer data, long size) {
            if (size > 0) {
                deadlines.written(connection, System.nanoTime());
            }
        }

        @Override
        public void onCloseEvent(Connection connection) {
            deadlines.closed(connection);
        }
    };

    private final HttpProbe httpProbe = new HttpProbe.Adapter() {
        @Override
        public void onDataReceivedEvent(Connection connection, Buffer data) {
            deadlines.read(connection, System.nanoTime());
        }

        @Override
        public void onHeaderParseEvent(Connection connection, HttpHeader header, int size) {
            if (header instanceof HttpRequestPacket request) {
                deadlines.headRead(connection);
                GrizzlyRequestLines.asteriskToDocbridge(request, asteriskTarget);
            }
        }

        @Override
        public void onErrorEvent(Connection connection, HttpPacket packet, Throwable error) {
            if (packet instanceof HttpRequestPacket request) {
                GrizzlyRequestLines.badVersionIsBadRequest(request.getResponse());
            }
        }

        @Override
        public void onHeaderSerializeEvent(Connection connection, HttpHeader header, Buffer data) {
            if (header instanceof HttpResponsePacket response) {
                deadlines.answering(connection, response.getStatus(), System.nanoTime());
            }
        }
    };

    private GrizzlyDeadlines(Object grizzlyService, String contextPath, Duration head, Duration answer) {
        this.grizzlyService = grizzlyService;
        this.asteriskTarget = contextPath + "/*";
        this.head = head;
        this.answer = answer;
        this.deadlines = new Deadlines<>(head == null ? 0 : head.toNanos(), answer == null ? 0 : answer.toNanos());
        this.sweeper = new Thread(this::sweepEverySecond, "docbridge-connection-deadlines");
        this.sweeper.setDaemon(true);
    }

    /**
     * Watches every HTTP listener of the running Payara; either duration null: that deadline is off.
     *
     * @param contextPath docbridge's context path ("" at the root), where {@code GET *} is pointed
     * @throws ReflectiveOperationException when Payara's listeners cannot be reached
     */
    static GrizzlyDeadlines start(ClassLoader loader, String contextPath, Duration head, Duration answer)
            throws ReflectiveOperationException {
        Class<?> globals = Class.forName("org.glassfish.internal.api.Globals", true, loader);
        Object locator = globals.getMethod("getDefaultHabitat").invoke(null);
        if (locator == null) {
            throw new ClassNotFoundException("Payara's service locator (org.glassfish.internal.api.Globals)");
        }
        Class<?> serviceClass = Class.forName("com.sun.enterprise.v3.services.impl.GrizzlyService", true, loader);
        Object service = locator.getClass().getMethod("getService", java.lang.reflect.Type.class,
                java.lang.annotation.Annotation[].class).invoke(locator, serviceClass, new java.lang.annotation.Annotation[0]);
        if (service == null) {
            throw new ClassNotFoundException("Payara's GrizzlyService");
        }
        GrizzlyDeadlines watch = new GrizzlyDeadlines(service, contextPath, head, answer);
        List<String> where = watch.attach();
        if (where.isEmpty()) {
            throw new NoSuchFieldException("no HTTP listener found in Payara's GrizzlyService");
        }
        watch.sweeper.start();
        LOG.info(() -> "Slow connections: " + describe(head, answer) + " on " + String.join(", ", where));
        return watch;
    }

    /** Probes each listener not probed yet (or made anew since); the new ones, described. */
    private List<String> attach() throws ReflectiveOperationException {
        List<String> added = new ArrayList<>();
        for (Object listener : listeners()) {
            String name = String.valueOf(listener.getClass().getMethod("getName").invoke(listener));
            Object transport = listener.getClass().getMethod("getTransport").invoke(listener);
            if (!(transport instanceof Transport t)) {
                continue;
            }
            Probed known = probed.get(name);
            if (known != null && known.transport == t) {
                continue;
            }
            @SuppressWarnings("unchecked")
            List<Object> filters = (List<Object>) listener.getClass().getMethod("getFilters", Class.class)
                    .invoke(listener, HttpCodecFilter.class);
            List<HttpCodecFilter> codecs = new ArrayList<>();
            for (Object f : filters) {
                if (f instanceof HttpCodecFilter codec) {
                    codecs.add(codec);
                }
            }
            if (codecs.isEmpty()) {
                continue; // not an HTTP listener
            }
            t.getConnectionMonitoringConfig().addProbes(connectionProbe);
            codecs.forEach(c -> c.getMonitoringConfig().addProbes(httpProbe));
            String where = name + " (port " + listener.getClass().getMethod("getPort").invoke(listener) + ")";
            probed.put(name, new Probed(t, codecs, where));
            added.add(where);
        }
        return added;
    }

    /** The underlying Grizzly listeners of Payara's network proxies (GrizzlyProxy#getUnderlyingListener). */
    private Collection<Object> listeners() throws ReflectiveOperationException {
        Field field = grizzlyService.getClass().getDeclaredField("proxies");
        field.setAccessible(true);
        Map<Object, Boolean> out = new IdentityHashMap<>();
        for (Object proxy : new ArrayList<>((Collection<?>) field.get(grizzlyService))) {
            Method underlying;
            try {
                underlying = proxy.getClass().getMethod("getUnderlyingListener");
            } catch (NoSuchMethodException notGrizzly) {
                continue;
            }
            Object listener = underlying.invoke(proxy);
            if (listener != null) {
                out.put(listener, Boolean.TRUE);
            }
        }
        return out.keySet();
    }

    private void sweepEverySecond() {
        while (!closed) {
            try {
                Thread.sleep(1000);
                sweep(System.nanoTime());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | ReflectiveOperationException | LinkageError e) {
                LOG.log(Level.WARNING, "Slow connections: a sweep failed; the next one tries again", e);
            }
        }
    }

    private void sweep(long now) throws ReflectiveOperationException {
        List<String> added = attach();
        if (!added.isEmpty()) {
            LOG.info(() -> "Slow connections: watching the listener made anew " + String.join(", ", added));
        }
        deadlines.forget(c -> !c.isOpen());
        for (Deadlines.Expired<Connection<?>> e : deadlines.expired(now, GrizzlyDeadlines::queuedBytes)) {
            e.connection().terminateSilently();
            closedSinceSummary.merge(e.reason(), 1L, Long::sum);
        }
        if (now - lastSummary >= SUMMARY_EVERY && !closedSinceSummary.isEmpty()) {
            long heads = closedSinceSummary.getOrDefault(Deadlines.Reason.HEAD, 0L);
            long answers = closedSinceSummary.getOrDefault(Deadlines.Reason.ANSWER, 0L);
            LOG.info(() -> "Slow connections: closed " + heads + " whose request head took longer than "
                    + seconds(head) + " and " + answers + " whose answer went unread for " + seconds(answer)
                    + " in the last minute (docbridge.http.head-timeout, docbridge.http.unread-answer-timeout)");
            closedSinceSummary.clear();
            lastSummary = now;
        } else if (closedSinceSummary.isEmpty()) {
            lastSummary = now;
        }
    }

    private static long queuedBytes(Connection<?> connection) {
        return connection instanceof NIOConnection nio ? nio.getAsyncWriteQueue().spaceInBytes() : 0;
    }

    /** Takes the probes off every listener and stops the sweeper: the application stops. */
    @Override
    public void close() {
        closed = true;
        sweeper.interrupt();
        for (Probed p : probed.values()) {
            p.transport.getConnectionMonitoringConfig().removeProbes(connectionProbe);
            p.codecs.forEach(c -> c.getMonitoringConfig().removeProbes(httpProbe));
        }
        probed.clear();
    }

    static String describe(Duration head, Duration answer) {
        return (head == null ? "request heads have no deadline" : "a request head must arrive within " + seconds(head))
                + "; " + (answer == null ? "unread answers keep their connections"
                        : "a connection whose answer goes unread for " + seconds(answer) + " is closed");
    }

    private static String seconds(Duration d) {
        return d == null ? "-" : d.toSeconds() + " s";
    }
}
