package org.docbridge.connections;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.junit.jupiter.api.Test;

/**
 * Grizzly's 505 for a request line whose version it cannot read becomes a 400 before it is written,
 * and {@code GET *} goes to docbridge's context; every other answer and target is left as it is.
 * (MalformedInputIT sends such request lines to Payara.)
 */
class GrizzlyRequestLinesTest {

    static HttpResponsePacket answer(int status) {
        HttpRequestPacket request = HttpRequestPacket.builder().method("GET").uri("/api/serviceInfo")
                .protocol("HTTP/1.1").build();
        HttpResponsePacket response = request.getResponse() != null ? request.getResponse()
                : HttpResponsePacket.builder(request).build();
        response.setStatus(status);
        return response;
    }

    @Test
    void grizzlys505ForAnUnreadableVersionBecomesA400() {
        HttpResponsePacket response = answer(505);
        GrizzlyRequestLines.badVersionIsBadRequest(response);
        assertEquals(400, response.getStatus());
        assertEquals("Bad Request", response.getReasonPhrase());
    }

    @Test
    void otherAnswersAndAWrittenOneStayAsTheyAre() {
        for (int status : new int[] {200, 400, 404, 413, 414, 500, 501, 503}) {
            HttpResponsePacket response = answer(status);
            GrizzlyRequestLines.badVersionIsBadRequest(response);
            assertEquals(status, response.getStatus());
        }
        HttpResponsePacket written = answer(505);
        written.setCommitted(true);
        GrizzlyRequestLines.badVersionIsBadRequest(written);
        assertEquals(505, written.getStatus());
        GrizzlyRequestLines.badVersionIsBadRequest(null);
    }

    static HttpRequestPacket request(String method, String target) {
        return HttpRequestPacket.builder().method(method).uri(target).protocol("HTTP/1.1").build();
    }

    @Test
    void theAsteriskTargetGoesToDocbridgesContextButOnOptions() {
        for (String method : new String[] {"GET", "POST", "PUT", "DELETE", "HEAD"}) {
            HttpRequestPacket asterisk = request(method, "*");
            GrizzlyRequestLines.asteriskToDocbridge(asterisk, "/docbridge/*");
            assertEquals("/docbridge/*", asterisk.getRequestURI(), method);
        }
        HttpRequestPacket atRoot = request("GET", "*");
        GrizzlyRequestLines.asteriskToDocbridge(atRoot, "/*");
        assertEquals("/*", atRoot.getRequestURI());
        HttpRequestPacket options = request("OPTIONS", "*");
        GrizzlyRequestLines.asteriskToDocbridge(options, "/docbridge/*");
        assertEquals("*", options.getRequestURI(), "OPTIONS * asks the server itself");
        for (String target : new String[] {"/", "/*", "/docbridge/api/files", "**", "/x*"}) {
            HttpRequestPacket other = request("GET", target);
            GrizzlyRequestLines.asteriskToDocbridge(other, "/docbridge/*");
            assertEquals(target, other.getRequestURI());
        }
    }
}
