package org.docbridge.actions.builtin;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Named;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Logger;
import org.docbridge.access.Level;
import org.docbridge.actions.ActionFailure;
import org.docbridge.actions.ActionHandler;
import org.docbridge.actions.ActionRequest;
import org.docbridge.actions.ActionResult;

/**
 * {@code notify}: POSTs a JSON event about the document to the URL in {@code docbridge.action.<name>.url}
 * (only ever from configuration, never from the request; redirects are not followed):
 * {@code {"action","user","documentId","documentVersionId","id","title","time"}}. Each attempt waits
 * at most {@code request-timeout} (default PT5S); a 5xx answer, a timeout or a refused connection is
 * retried up to {@code retries} times (default 2) after {@code retry-delay} (default PT1S), doubling;
 * a 4xx answer is final. Needs read access to the document.
 */
// no transaction: a handler works on files and other systems, and may outlast a transaction timeout
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
@Stateless
@Named("notify")
public class NotifyHandler implements ActionHandler {

    private static final Logger LOG = Logger.getLogger(NotifyHandler.class.getName());

    @Override
    public ActionResult run(ActionRequest request) throws ActionFailure {
        URI url = target(request);
        Duration timeout = request.settings().duration("request-timeout", Duration.ofSeconds(5));
        int retries = Math.max(0, request.settings().integer("retries", 2));
        Duration delay = request.settings().duration("retry-delay", Duration.ofSeconds(1));
        byte[] event = event(request);

        // one client per run: a client kept in a static field would keep its selector thread, and
        // with it this deployment's classes, alive after an undeploy
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpRequest post = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json; charset=UTF-8")
                .header("User-Agent", "docbridge")
                .POST(HttpRequest.BodyPublishers.ofByteArray(event)).build();
        String last = "";
        for (int attempt = 1; attempt <= retries + 1; attempt++) {
            try {
                int status = http.send(post, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status >= 200 && status < 300) {
                    return ActionResult.success(attempt == 1 ? "notified" : "notified (after " + attempt + " attempts)");
                }
                last = "HTTP " + status;
                if (status < 500) {
                    throw new ActionFailure("the receiver refused the notification (" + last + "); ask an"
                            + " administrator to check " + request.settings().key("url"));
                }
            } catch (HttpTimeoutException e) {
                last = "no answer within " + timeout.toMillis() + " ms";
            } catch (IOException e) {
                last = "the receiver could not be reached";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ActionFailure("the notification was stopped before it was delivered");
            }
            String lastFailure = last;
            int a = attempt;
            LOG.warning(() -> "Custom action '" + request.action() + "': notification attempt " + a + " to "
                    + url.getHost() + " failed: " + lastFailure);
            if (attempt <= retries) {
                try {
                    Thread.sleep(delay.multipliedBy(1L << Math.min(attempt - 1, 10)).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ActionFailure("the notification was stopped before it was delivered");
                }
            }
        }
        throw new ActionFailure("the notification could not be delivered after " + (retries + 1) + " attempt(s) ("
                + last + "); try again later");
    }

    private static URI target(ActionRequest request) throws ActionFailure {
        String configured = request.settings().required("url");
        try {
            URI url = URI.create(configured);
            if (url.getHost() == null || !("http".equalsIgnoreCase(url.getScheme())
                    || "https".equalsIgnoreCase(url.getScheme()))) {
                throw new IllegalArgumentException();
            }
            return url;
        } catch (IllegalArgumentException e) {
            throw new ActionFailure("the action '" + request.action() + "' is not configured correctly: "
                    + request.settings().key("url") + " is not an http or https URL");
        }
    }

    private static byte[] event(ActionRequest request) {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("action", request.action())
                .add("user", request.user());
        addOrNull(json, "documentId", request.documentId());
        addOrNull(json, "documentVersionId", request.documentVersionId());
        json.add("id", request.item().id())
                .add("title", request.item().isRoot() ? "/" : request.item().name())
                .add("time", Instant.now().toString());
        return json.build().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void addOrNull(JsonObjectBuilder json, String key, String value) {
        if (value == null) {
            json.addNull(key);
        } else {
            json.add(key, value);
        }
    }

    @Override
    public Level requires() {
        return Level.READ;
    }

    @Override
    public boolean changesDocument() {
        return false;
    }
}
