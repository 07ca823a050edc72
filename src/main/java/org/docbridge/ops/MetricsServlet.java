package org.docbridge.ops;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.docbridge.web.ErrorBody;

/**
 * {@code /metrics}: docbridge's numbers in Prometheus' text format, for a caller with the key in
 * {@code docbridge.metrics.key} or from an address in {@code docbridge.metrics.allow} (loopback
 * only by default); anyone else gets 403, and 404 when metrics are off.
 */
@WebServlet(name = "metrics", urlPatterns = "/metrics")
public class MetricsServlet extends HttpServlet {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    @Inject
    Metrics metrics;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!metrics.enabled()) {
            error(response, 404, "metrics are off on this server (docbridge.metrics.enabled)");
            return;
        }
        if (!metrics.permits(request.getRemoteAddr(), request.getHeader("Authorization"))) {
            metrics.authFailure("metrics", "not-allowed");
            error(response, 403, "send the key of docbridge.metrics.key as 'Authorization: Bearer <key>', or scrape"
                    + " from an address in docbridge.metrics.allow");
            return;
        }
        byte[] text = metrics.scrape().getBytes(StandardCharsets.UTF_8);
        response.setStatus(200);
        response.setContentType(CONTENT_TYPE);
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(text.length);
        response.getOutputStream().write(text);
    }

    private static void error(HttpServletResponse response, int status, String message) throws IOException {
        byte[] body = new ErrorBody(message).toJson().getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
