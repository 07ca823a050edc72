package org.docbridge.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EndpointsTest {

    @ParameterizedTest
    @CsvSource({
        "/api/metadata, /api/metadata",
        "/api/upload/, /api/upload",
        "/api/customAction, /api/customAction",
        "/api/nothing, other",
        "/api/, other",
        "/links/view/abc123, /links/view",
        "/links/download/abc, /links/download",
        "/links/page/abc, /links/page",
        "/links/elsewhere/abc, other",
        "/oauth/token, /oauth/token",
        "/oauth/authorize, /oauth/authorize",
        "/admin/users/ann, /admin/users",
        "/metrics, /metrics",
        "/metrics/more, other",
        "/static/pages.css, /static",
        "/, other",
        "/%2e%2e/etc/passwd, other"
    })
    void everyPathBecomesOneOfAFewLabels(String path, String label) {
        assertEquals(label, Endpoints.of(path));
    }
}
