package org.docbridge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The request log: one line per request with the fields an admin needs, and nothing secret. */
class RequestLogFilterTest {

    final List<String> lines = new CopyOnWriteArrayList<>();
    final Logger logger = Logger.getLogger("org.docbridge.requests");
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    RequestLogFilter filter;

    @BeforeEach
    void start() {
        logger.addHandler(capture);
        filter = new RequestLogFilter();
        filter.metrics = new org.docbridge.ops.Metrics(); // not opened: records nothing
        filter.init();
    }

    @AfterEach
    void stop() {
        filter.destroy();
        logger.removeHandler(capture);
    }

    @Test
    void oneLineWithUserEndpointIdStatusBytesAndDuration() throws Exception {
        serve(request("GET", "/api/download", "id=AbCdEfGhIjKlMnOp&x=1",
                Map.of("username", "someone@example.com", "apiKey", "the-secret-key")), 200, "hello");
        String line = onlyLine();
        assertTrue(line.matches("user=someone@example.com GET /api/download id=AbCdEfGhIjKlMnOp status=200 bytes=5"
                + " ms=\\d+\\.\\d"), line);
        assertFalse(line.contains("the-secret-key"));
    }

    @Test
    void aSignedLinksSignatureIsNeverLogged() throws Exception {
        serve(request("GET", "/links/download/AbCdEfGhIjKlMnOp", "expires=1795814460&signature=SIGNATURE-VALUE",
                Map.of()), 200, "x");
        String line = onlyLine();
        assertTrue(line.startsWith("user=- GET /links/download/AbCdEfGhIjKlMnOp status=200"), line);
        assertFalse(line.contains("SIGNATURE-VALUE"));
        assertFalse(line.contains("1795814460"));
    }

    @Test
    void whatAClientSendsCannotBreakTheLineOrForgeAnother() throws Exception {
        serve(request("GET", "/api/metadata", "id=a%0Auser%3Dadmin+GET+%2Fapi",
                Map.of("username", "evil\r\nuser=admin GET /api/x status=200")), 404, "");
        String line = onlyLine();
        assertFalse(line.contains("\n") || line.contains("\r"), line);
        assertTrue(line.startsWith("user=\"evil\\u000d\\u000auser=admin GET /api/x status=200\" GET /api/metadata"
                + " id=\"a\\u000auser=admin GET /api\" status=404"), line);
    }

    @Test
    void aQuoteCannotEndAValueEarly() throws Exception {
        serve(request("GET", "/api/files", null, Map.of("username", "x\" GET /forged status=200 \\")), 200, "");
        assertTrue(onlyLine().startsWith("user=\"x\\\" GET /forged status=200 \\\\\" GET /api/files status=200"),
                onlyLine());
    }

    @Test
    void anIdSentInAFormBodyIsLoggedFromTheRequestAttribute() throws Exception {
        HttpServletRequest request = request("POST", "/api/files", null, Map.of("username", "u"));
        request.setAttribute(RequestLogFilter.ID_ATTRIBUTE, "FromTheFormBody1");
        serve(request, 200, "[]");
        assertTrue(onlyLine().contains(" id=FromTheFormBody1 "), onlyLine());
    }

    @ParameterizedTest(name = "U+{0}")
    @MethodSource("org.docbridge.web.HiddenCharacters#all")
    void everyHiddenCharacterIsEscapedWhereverItComesFrom(int c) throws Exception {
        String hidden = String.valueOf((char) c);
        String encoded = java.net.URLEncoder.encode("Ab" + hidden + "Cd", java.nio.charset.StandardCharsets.UTF_8);
        // the username header (sent even without a key), a decoded id, an id from a form body, the path
        serve(request("GET", "/api/metadata", "id=" + encoded, Map.of("username", "ann" + hidden + "admin")), 200, "");
        HttpServletRequest form = request("POST", "/api/files", null, Map.of("username", "u"));
        form.setAttribute(RequestLogFilter.ID_ATTRIBUTE, "Ef" + hidden + "Gh");
        serve(form, 200, "");
        serve(request("GET", "/api/files" + hidden, null, Map.of("username", "u")), 404, "");
        List<String> logged = lines(3);
        String e = HiddenCharacters.escaped(c);
        assertTrue(logged.get(0).startsWith("user=\"ann" + e + "admin\" GET /api/metadata id=\"Ab" + e + "Cd\" status="),
                logged.get(0));
        assertTrue(logged.get(1).contains(" id=\"Ef" + e + "Gh\" "), logged.get(1));
        assertTrue(logged.get(2).contains(" GET \"/api/files" + e + "\" status=404"), logged.get(2));
        for (String line : logged) {
            assertEquals(-1, line.indexOf(c), line);
        }
    }

    @Test
    void longValuesAreCutShort() throws Exception {
        serve(request("GET", "/api/files", "parentId=" + "i".repeat(400), Map.of("username", "u".repeat(150))), 200, "");
        String line = onlyLine();
        assertTrue(line.startsWith("user=" + "u".repeat(100) + "... GET /api/files id=" + "i".repeat(300) + "... status="),
                line);
    }

    private List<String> lines(int count) throws InterruptedException {
        for (int i = 0; i < 100 && lines.size() < count; i++) {
            Thread.sleep(20); // written by the log's own thread
        }
        assertEquals(count, lines.size(), lines.toString());
        return lines;
    }

    private String onlyLine() throws InterruptedException {
        for (int i = 0; i < 100 && lines.isEmpty(); i++) {
            Thread.sleep(20); // written by the log's own thread
        }
        assertEquals(1, lines.size(), lines.toString());
        return lines.get(0);
    }

    private void serve(HttpServletRequest request, int status, String body) throws Exception {
        filter.doFilter(request, response(status), (req, res) ->
                res.getOutputStream().write(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static HttpServletRequest request(String method, String uri, String query, Map<String, String> headers) {
        Map<String, Object> attributes = new java.util.HashMap<>();
        return (HttpServletRequest) Proxy.newProxyInstance(RequestLogFilterTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getRequestURI" -> uri;
                    case "getContextPath" -> "";
                    case "getQueryString" -> query;
                    case "getHeader" -> headers.get((String) args[0]);
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    default -> null;
                });
    }

    private static HttpServletResponse response(int status) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public void write(int b) {
                sink.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
            }
        };
        return (HttpServletResponse) Proxy.newProxyInstance(RequestLogFilterTest.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getStatus" -> status;
                    case "getOutputStream" -> out;
                    default -> null;
                });
    }
}
