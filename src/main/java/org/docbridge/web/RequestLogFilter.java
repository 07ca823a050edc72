package org.docbridge.web;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * One INFO line per request: user, method and endpoint, the item id, status, bytes sent, duration;
 * the same request counted in the metrics ({@link org.docbridge.ops.Metrics}).
 * The query string is never logged whole (signed links carry their signature there) and the API
 * key header is never read here.
 */
@WebFilter(filterName = "request-log", urlPatterns = "/*")
public class RequestLogFilter extends HttpFilter {

    /** Request attribute where the protocol layer leaves an id that came in a form body. */
    public static final String ID_ATTRIBUTE = "docbridge.log.id";
    /** Request attribute (a JAX-RS request property) where authentication leaves the user of a bearer token. */
    public static final String USER_ATTRIBUTE = "docbridge.log.user";

    private static final Logger LOG = Logger.getLogger("org.docbridge.requests");
    private static final String[] ID_PARAMS = {"id", "parentId", "documentId", "folderId"};

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        long start = System.nanoTime();
        CountingResponse counting = new CountingResponse(response);
        try {
            chain.doFilter(request, counting);
        } finally {
            long nanos = System.nanoTime() - start;
            metrics.request(request.getRequestURI().substring(request.getContextPath().length()), request.getMethod(),
                    counting.getStatus(), nanos, counting.bytes);
            if (LOG.isLoggable(java.util.logging.Level.INFO)) {
                long micros = nanos / 1000;
                String line = line(request, counting.getStatus(), counting.bytes, micros);
                // the writer stopped, or is behind: write here rather than lose the line
                if (!running || !writer.isAlive() || !pending.offer(line)) {
                    LOG.info(line);
                }
            }
        }
    }

    /**
     * Lines are handed to one writer thread: the server's log handler is synchronized and formats
     * each record, and under load request threads would otherwise queue on it.
     */
    private final BlockingQueue<String> pending = new ArrayBlockingQueue<>(10_000);
    private volatile boolean running;
    /** Handed to the writer at shutdown so that it notices at once rather than at its next poll. */
    @SuppressWarnings("StringOperationCanBeSimplified")
    private static final String WAKE = new String("wake");
    private Thread writer;

    @Resource
    ManagedThreadFactory threads;

    @jakarta.inject.Inject
    org.docbridge.ops.Metrics metrics;

    @Override
    public void init() {
        running = true;
        Runnable drain = () -> {
            try {
                while (running || !pending.isEmpty()) {
                    String line = pending.poll(500, TimeUnit.MILLISECONDS);
                    if (line != null && line != WAKE) {
                        try {
                            LOG.info(line);
                        } catch (RuntimeException e) {
                            // a failing log handler must not end the writer: the next line may pass
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        writer = threads != null ? threads.newThread(drain) : new Thread(drain);
        writer.setName("docbridge-request-log");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void destroy() {
        running = false;
        pending.offer(WAKE);
        try {
            writer.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (String line; (line = pending.poll()) != null; ) {
            if (line != WAKE) {
                LOG.info(line);
            }
        }
    }

    private static String line(HttpServletRequest request, int status, long bytes, long micros) {
        // a bearer token's user, as authentication found it; a username header beside a token proves nothing
        Object authenticated = request.getAttribute(USER_ATTRIBUTE);
        String user = authenticated != null ? authenticated.toString() : request.getHeader("username");
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String id = idOf(request);
        StringBuilder sb = new StringBuilder(128).append("user=");
        // every value here may come from a client, even without a key: bounded, and escaped as in the audit log
        if (user == null) {
            sb.append('-');
        } else {
            LogValues.append(sb, user, 100);
        }
        LogValues.append(sb.append(' '), request.getMethod(), 20);
        LogValues.append(sb.append(' '), path, 200);
        if (id != null) {
            LogValues.append(sb.append(" id="), id, 300);
        }
        sb.append(" status=").append(status)
                .append(" bytes=").append(bytes)
                .append(" ms=").append(micros / 1000).append('.').append((micros % 1000) / 100);
        return sb.toString();
    }

    private static String idOf(HttpServletRequest request) {
        String query = request.getQueryString();
        if (query != null) {
            for (String wanted : ID_PARAMS) {
                String value = parameter(query, wanted);
                if (value != null) {
                    return value;
                }
            }
        }
        Object fromBody = request.getAttribute(ID_ATTRIBUTE);
        return fromBody == null ? null : fromBody.toString();
    }

    /** The first value of {@code name} in a raw query string, decoded. */
    private static String parameter(String query, String name) {
        for (int at = query.indexOf(name); at >= 0; at = query.indexOf(name, at + 1)) {
            int eq = at + name.length();
            if ((at == 0 || query.charAt(at - 1) == '&') && eq < query.length() && query.charAt(eq) == '=') {
                int end = query.indexOf('&', eq);
                String raw = query.substring(eq + 1, end < 0 ? query.length() : end);
                try {
                    return URLDecoder.decode(raw, StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return raw;
                }
            }
        }
        return null;
    }

    /** Counts the body bytes that pass through. */
    private static final class CountingResponse extends HttpServletResponseWrapper {
        long bytes;
        private ServletOutputStream stream;

        CountingResponse(HttpServletResponse response) {
            super(response);
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (stream == null) {
                ServletOutputStream out = super.getOutputStream();
                stream = new ServletOutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        out.write(b);
                        bytes++;
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                        bytes += len;
                    }

                    @Override
                    public void flush() throws IOException {
                        out.flush();
                    }

                    @Override
                    public void close() throws IOException {
                        out.close();
                    }

                    @Override
                    public boolean isReady() {
                        return out.isReady();
                    }

                    @Override
                    public void setWriteListener(WriteListener listener) {
                        out.setWriteListener(listener);
                    }
                };
            }
            return stream;
        }
    }
}
