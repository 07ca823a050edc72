package org.docbridge.content;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.docbridge.store.DocumentStore;
import org.docbridge.store.Item;

/**
 * Answers a request for a file's bytes the way Tomcat's DefaultServlet does: real
 * {@code Content-Type}, {@code Content-Length}, {@code ETag}, {@code Last-Modified}, conditional
 * requests (304), byte ranges (206, multipart for several, 416 when none can be served) and
 * {@code If-Range}. The file is opened only when the body is written and streamed through a fixed
 * buffer, so memory use does not depend on the file's size.
 */
public final class FileResponses {

    /** How a browser should treat the file. */
    public enum Disposition {
        INLINE("inline"), ATTACHMENT("attachment");

        final String header;

        Disposition(String header) {
            this.header = header;
        }
    }

    /**
     * What a file opened inline may do on our origin: no scripts, forms or plugins of its own
     * (sandbox), and nothing fetched from anywhere, so an HTML or SVG document can neither track
     * its reader nor dress itself up with a stylesheet or images from elsewhere. Chromium still
     * shows a PDF under it in its own viewer (InlineViewIT).
     */
    public static final String INLINE_POLICY = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'";

    static final int BUFFER = 256 * 1024;
    private static final int MAX_RANGES = 16;

    private FileResponses() {
    }

    public static Response of(DocumentStore store, Item item, Disposition disposition, HttpHeaders request) {
        String etag = etag(item);
        Date lastModified = Date.from(item.modified());
        String type = MimeTypes.of(item.name());
        long length = item.size();

        if (notModified(request, etag, item.modified())) {
            return Response.notModified().header(HttpHeaders.ETAG, etag).lastModified(lastModified).build();
        }
        List<long[]> ranges = ifRangeHolds(request, etag, item.modified())
                ? Ranges.parse(request.getHeaderString("Range"), length) : null;

        Response.ResponseBuilder response;
        if (ranges == null) {
            response = Response.ok(body(store, item, List.of(new long[] {0, length - 1}), null, type), type)
                    .header(HttpHeaders.CONTENT_LENGTH, length);
        } else if (ranges.isEmpty()) {
            return Response.status(416)
                    .header("Content-Range", "bytes */" + length)
                    .header(HttpHeaders.CONTENT_TYPE, "application/json;charset=UTF-8")
                    .entity("{\"status\":\"error\",\"error\":\"the requested range is not satisfiable\"}")
                    .build();
        } else if (ranges.size() == 1) {
            long[] r = ranges.get(0);
            response = Response.status(206).entity(body(store, item, ranges, null, type)).type(type)
                    .header("Content-Range", "bytes " + r[0] + "-" + r[1] + "/" + length)
                    .header(HttpHeaders.CONTENT_LENGTH, r[1] - r[0] + 1);
        } else {
            String boundary = UUID.randomUUID().toString().replace("-", "");
            response = Response.status(206).entity(body(store, item, ranges, boundary, type))
                    .type("multipart/byteranges; boundary=" + boundary)
                    .header(HttpHeaders.CONTENT_LENGTH, multipartLength(ranges, boundary, type, length));
        }
        response.header("Accept-Ranges", "bytes")
                .header(HttpHeaders.ETAG, etag)
                .lastModified(lastModified)
                .header("Content-Disposition", contentDisposition(disposition, item.name()))
                .header("X-Content-Type-Options", "nosniff")
                .header("Cache-Control", "private");
        if (disposition == Disposition.INLINE) {
            response.header("Content-Security-Policy", INLINE_POLICY);
        }
        return response.build();
    }

    /**
     * A validator from size and modification time (milliseconds), as Tomcat's. Tomcat marks it weak;
     * it is strong here so that If-Range can use it, which holds as long as a file is not rewritten
     * with the same size within the same millisecond.
     */
    static String etag(Item item) {
        return "\"" + Long.toHexString(item.size()) + "-" + Long.toHexString(item.modified().toEpochMilli()) + "\"";
    }

    /** RFC 6266: an ASCII {@code filename}, plus RFC 5987 {@code filename*} when the name needs it. */
    public static String contentDisposition(Disposition disposition, String name) {
        StringBuilder ascii = new StringBuilder(name.length());
        boolean plain = true;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
                ascii.append('_');
                plain = false;
            } else {
                ascii.append(c);
            }
        }
        String header = disposition.header + "; filename=\"" + ascii + "\"";
        return plain ? header : header + "; filename*=UTF-8''" + rfc5987(name);
    }

    private static String rfc5987(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$&+-.^_`|~".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static boolean notModified(HttpHeaders request, String etag, Instant modified) {
        String ifNoneMatch = request.getHeaderString("If-None-Match");
        if (ifNoneMatch != null) {
            return matches(ifNoneMatch, etag);
        }
        Instant since = httpDate(request.getHeaderString("If-Modified-Since"));
        return since != null && modified.getEpochSecond() <= since.getEpochSecond();
    }

    private static boolean ifRangeHolds(HttpHeaders request, String etag, Instant modified) {
        String ifRange = request.getHeaderString("If-Range");
        if (ifRange == null) {
            return true;
        }
        if (ifRange.trim().startsWith("\"")) {
            return ifRange.trim().equals(etag);
        }
        Instant date = httpDate(ifRange);
        return date != null && modified.getEpochSecond() == date.getEpochSecond();
    }

    private static boolean matches(String header, String etag) {
        for (String candidate : header.split(",")) {
            String c = candidate.trim();
            if (c.equals("*") || c.equals(etag) || c.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }

    private static Instant httpDate(String value) {
        if (value == null) {
            return null;
        }
        try {
            return DateTimeFormatter.RFC_1123_DATE_TIME.parse(value.trim(), Instant::from);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static StreamingOutput body(DocumentStore store, Item planned, List<long[]> ranges, String boundary,
            String type) {
        return out -> {
            try (DocumentStore.Content content = store.open(planned.id())) {
                if (!etag(content.item()).equals(etag(planned))) {
                    // headers with the old length are already out: end the response short rather than lie
                    throw new IOException("the file changed between the headers and the body");
                }
                ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
                for (long[] r : ranges) {
                    if (boundary != null) {
                        out.write(partHeader(boundary, type, r, planned.size()).getBytes(StandardCharsets.US_ASCII));
                    }
                    copy(content.channel(), r[0], r[1] - r[0] + 1, buffer, out);
                }
                if (boundary != null) {
                    out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
                }
            }
        };
    }

    private static void copy(SeekableByteChannel channel, long from, long count, ByteBuffer buffer, OutputStream out)
            throws IOException {
        channel.position(from);
        long left = count;
        while (left > 0) {
            buffer.clear();
            if (left < buffer.capacity()) {
                buffer.limit((int) left);
            }
            int n = channel.read(buffer);
            if (n < 0) {
                throw new IOException("the file became shorter while being sent");
            }
            out.write(buffer.array(), 0, n);
            left -= n;
        }
    }

    private static String partHeader(String boundary, String type, long[] r, long length) {
        return "\r\n--" + boundary + "\r\nContent-Type: " + type + "\r\nContent-Range: bytes " + r[0] + "-" + r[1]
                + "/" + length + "\r\n\r\n";
    }

    private static long multipartLength(List<long[]> ranges, String boundary, String type, long length) {
        long total = ("\r\n--" + boundary + "--\r\n").length();
        for (long[] r : ranges) {
            total += partHeader(boundary, type, r, length).length() + (r[1] - r[0] + 1);
        }
        return total;
    }

    /** The {@code Range} header, read as RFC 9110 says. */
    static final class Ranges {

        private Ranges() {
        }

        /**
         * The byte ranges to send, each {@code [first, last]}, in file order, overlapping and adjacent
         * ones merged; null to send the whole file (no header, another unit, or more ranges than are
         * worth serving); empty when nothing can be served (416).
         */
        static List<long[]> parse(String header, long length) {
            List<long[]> ranges = satisfiable(header, length);
            return ranges == null || ranges.isEmpty() ? ranges : merged(ranges);
        }

        /**
         * RFC 9110 §14.2 lets a server coalesce ranges whatever their order. Without it, {@code 0-}
         * sixteen times would send a file sixteen times over: merged, no answer is longer than the file.
         */
        private static List<long[]> merged(List<long[]> ranges) {
            List<long[]> sorted = new ArrayList<>(ranges);
            sorted.sort(Comparator.comparingLong(r -> r[0]));
            List<long[]> merged = new ArrayList<>();
            long[] current = sorted.get(0).clone();
            for (long[] next : sorted.subList(1, sorted.size())) {
                if (next[0] <= current[1] + 1) {
                    current[1] = Math.max(current[1], next[1]);
                } else {
                    merged.add(current);
                    current = next.clone();
                }
            }
            merged.add(current);
            return merged;
        }

        private static List<long[]> satisfiable(String header, long length) {
            if (header == null || length == 0) {
                return null; // as Tomcat: an empty file is always sent whole
            }
            String h = header.trim();
            if (!h.regionMatches(true, 0, "bytes=", 0, 6)) {
                return null;
            }
            String[] specs = h.substring(6).split(",", -1);
            if (specs.length > MAX_RANGES) {
                return null;
            }
            List<long[]> ranges = new ArrayList<>();
            for (String raw : specs) {
                String spec = raw.trim();
                int dash = spec.indexOf('-');
                if (dash < 0) {
                    return List.of();
                }
                try {
                    String first = spec.substring(0, dash).trim();
                    String last = spec.substring(dash + 1).trim();
                    long start;
                    long end;
                    if (first.isEmpty()) {
                        long suffix = Long.parseLong(last);
                        if (suffix <= 0 || length == 0) {
                            continue;
                        }
                        start = Math.max(0, length - suffix);
                        end = length - 1;
                    } else {
                        start = Long.parseLong(first);
                        end = last.isEmpty() ? length - 1 : Long.parseLong(last);
                        if (start < 0 || end < start) {
                            return List.of();
                        }
                        if (start >= length) {
                            continue;
                        }
                        end = Math.min(end, length - 1);
                    }
                    ranges.add(new long[] {start, end});
                } catch (NumberFormatException e) {
                    return List.of();
                }
            }
            return ranges;
        }
    }
}
