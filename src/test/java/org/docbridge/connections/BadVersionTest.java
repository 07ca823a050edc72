package org.docbridge.connections;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.junit.jupiter.api.Test;

/**
 * Grizzly's 505 for a request line whose version it cannot read becomes a 400 before it is written;
 * every other answer is left as it is. (MalformedInputIT sends such request lines to Payara.)
 */
class BadVersionTest {

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
        GrizzlyDeadlines.badVersionIsBadRequest(response);
        assertEquals(400, response.getStatus());
        assertEquals("Bad Request", response.getReasonPhrase());
    }

    @Test
    void otherAnswersAndAWrittenOneStayAsTheyAre() {
        for (int status : new int[] {200, 400, 404, 413, 414, 500, 501, 503}) {
            HttpResponsePacket response = answer(status);
            GrizzlyDeadlines.badVersionIsBadRequest(response);
            assertEquals(status, response.getStatus());
        }
        HttpResponsePacket written = answer(505);
        written.setCommitted(true);
        GrizzlyDeadlines.badVersionIsBadRequest(written);
        assertEquals(505, written.getStatus());
        GrizzlyDeadlines.badVersionIsBadRequest(null);
    }
}
