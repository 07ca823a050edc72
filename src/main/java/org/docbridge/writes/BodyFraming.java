package org.docbridge.writes;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.docbridge.web.ApiError;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How an upload's body is delimited, judged from its headers before a byte of it is read.
 *
 * <p>A body with a Content-Length is counted against it ({@link CountingStream} refuses a short
 * one). A chunked body is decoded by the server, and neither Payara's HTTP layer (Grizzly) nor
 * WildFly's (Undertow) lets docbridge see every broken frame: both skip whatever follows a chunk's
 * data up to the next line end, so a chunk longer than its size line arrives cut short and looks
 * whole. {@code docbridge.upload.chunked=refuse} therefore takes uploads only with a Content-Length.
 * Transfer codings other than chunked alone are refused whatever the policy (RFC 9112 sections 6.1
 * and 6.3): the servers read such bodies as empty or as chunked, and a proxy in front of them could
 * read another body from the same bytes.
 */
@ApplicationScoped
public class BodyFraming {

    /** What to do with a chunked upload body. */
    public enum Chunked { ACCEPT, REFUSE }

    private static final String TRANSFER_ENCODING = "Transfer-Encoding";

    @Inject
    @ConfigProperty(name = "docbridge.upload.chunked", defaultValue = "accept")
    String chunkedSetting;

    private Chunked chunked;

    @PostConstruct
    void check() {
        chunked = switch (chunkedSetting.strip().toLowerCase(Locale.ROOT)) {
            case "accept" -> Chunked.ACCEPT;
            case "refuse" -> Chunked.REFUSE;
            default -> throw new IllegalStateException("docbridge.upload.chunked: '" + chunkedSetting
                    + "' is not a policy; use accept or refuse");
        };
    }

    public Chunked chunked() {
        return chunked;
    }

    /**
     * The body's declared Content-Length, or -1 when it has none (chunked, or no body at all).
     * An {@link ApiError} when the headers do not frame the body unambiguously, or when the policy
     * refuses a chunked body; the messages never repeat the header values, which the caller chose.
     */
    public long declaredLength(HttpHeaders headers) {
        List<String> codings = codings(headers.getRequestHeader(TRANSFER_ENCODING));
        if (!codings.isEmpty()) {
            // a Content-Length beside it never gets here: WildFly answers 400 itself, Payara drops it
            if (!codings.equals(List.of("chunked"))) {
                throw ApiError.badRequest("the upload's Transfer-Encoding must be chunked alone (no other transfer"
                        + " coding); nothing was stored");
            }
            if (chunked == Chunked.REFUSE) {
                throw new ApiError(411, "this server takes an upload only with a Content-Length"
                        + " (docbridge.upload.chunked=refuse), because a chunked body's framing cannot be"
                        + " checked here; send the file with its length; nothing was stored");
            }
            return -1;
        }
        String length = headers.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length == null || length.isBlank()) {
            return -1;
        }
        String digits = length.strip();
        if (digits.length() > 18 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw ApiError.badRequest("the Content-Length header is not a number");
        }
        return Long.parseLong(digits);
    }

    /** The transfer codings in order, lower case, over every Transfer-Encoding line. */
    private static List<String> codings(List<String> lines) {
        List<String> codings = new ArrayList<>();
        if (lines != null) {
            for (String line : lines) {
                for (String coding : line.split(",")) {
                    if (!coding.isBlank()) {
                        codings.add(coding.strip().toLowerCase(Locale.ROOT));
                    }
                }
            }
        }
        return codings;
    }
}
