package org.docbridge.connections;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.logging.Logger;
import org.docbridge.runtime.Settings;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Starts, at docbridge's start, the deadlines for slow connections where the server needs them
 * (Payara, through {@link GrizzlyDeadlines}, which also mends the server's answers to two malformed
 * request lines) and stops them with the application. Elsewhere it does nothing: WildFly's listener
 * has its own ({@code request-parse-timeout}, {@code write-timeout}).
 */
@ApplicationScoped
public class ConnectionDeadlines {

    static final String HEAD_KEY = "docbridge.http.head-timeout";
    static final String ANSWER_KEY = "docbridge.http.unread-answer-timeout";
    private static final Logger LOG = Logger.getLogger(ConnectionDeadlines.class.getName());

    @Inject
    @ConfigProperty(name = HEAD_KEY, defaultValue = "PT30S")
    String headSetting;

    @Inject
    @ConfigProperty(name = ANSWER_KEY, defaultValue = "PT30S")
    String answerSetting;

    private AutoCloseable watch;

    /**
     * Reads both settings (a wrong one fails the start, naming it) and starts watching the listeners.
     *
     * @param contextPath docbridge's context path ("" at the root)
     */
    public synchronized void start(String contextPath) {
        Duration head = timeout(HEAD_KEY, headSetting);
        Duration answer = timeout(ANSWER_KEY, answerSetting);
        if (watch != null) {
            return;
        }
        ClassLoader loader = ConnectionDeadlines.class.getClassLoader();
        if (!grizzlyServes(loader)) {
            return; // not Payara: the server's own listener settings hold both deadlines
        }
        try {
            watch = GrizzlyDeadlines.start(loader, contextPath, head, answer);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.warning(() -> "Slow connections: Payara's HTTP listeners could not be watched (" + e
                    + "), so a request head trickled in and an answer never read keep their connections (and"
                    + " Payara answers a request line with an unreadable HTTP version 505, GET * with an HTML"
                    + " page); put a reverse proxy with a request-head and a send timeout in front of docbridge");
        }
    }

    /** Null for {@code 0} (the deadline is off), else a positive duration. */
    static Duration timeout(String key, String value) {
        return value.strip().equals("0") ? null : Settings.duration(key, value);
    }

    private static boolean grizzlyServes(ClassLoader loader) {
        try {
            Class.forName("org.glassfish.grizzly.http.HttpProbe", false, loader);
            Class.forName("org.glassfish.internal.api.Globals", false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @PreDestroy
    synchronized void stop() {
        if (watch != null) {
            try {
                watch.close();
            } catch (Exception e) {
                LOG.fine(() -> "Slow connections: stopping the watch: " + e);
            }
            watch = null;
        }
    }
}
