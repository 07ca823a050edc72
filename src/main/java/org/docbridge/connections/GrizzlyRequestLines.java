package org.docbridge.connections;

import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.util.HttpStatus;

/**
 * Two answers Grizzly and Payara give to malformed request lines before any application sees the
 * request, mended by {@link GrizzlyDeadlines}' probe on each listener's HTTP codec:
 * <ul>
 * <li>a request line whose HTTP version Grizzly cannot read (a misspelt or unknown one, or a target with
 * a space in it, which leaves a word before the version) gets Grizzly's empty 505, a server error, for
 * the client's mistake. The probe hears of the refused head before Grizzly writes the answer, and
 * makes it the empty 400 Grizzly gives every other malformed head;
 * <li>the asterisk target on any method but OPTIONS ({@code GET *}), which HTTP allows only for OPTIONS,
 * reaches no application unless one is at {@code /}, and Payara answers it with its HTML 404 page. The
 * probe hears of the parsed head before Payara maps it, and points it at docbridge's context, which
 * answers its 404 error JSON, as it does on WildFly ({@code configure.cli}) and wherever docbridge is
 * at {@code /}.
 * </ul>
 */
final class GrizzlyRequestLines {

    private GrizzlyRequestLines() {
    }

    /** Grizzly's 505 for a request line whose version it cannot read, made a 400 before it is written. */
    static void badVersionIsBadRequest(HttpResponsePacket response) {
        if (response != null && !response.isCommitted()
                && response.getStatus() == HttpStatus.HTTP_VERSION_NOT_SUPPORTED_505.getStatusCode()) {
            HttpStatus.BAD_REQUEST_400.setValues(response);
        }
    }

    /** The asterisk target on any method but OPTIONS, pointed at {@code target} (docbridge's context). */
    static void asteriskToDocbridge(HttpRequestPacket request, String target) {
        if ("*".equals(request.getRequestURI()) && !Method.OPTIONS.equals(request.getMethod())) {
            request.setRequestURI(target);
        }
    }
}
