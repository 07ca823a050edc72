import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * Latency of renaming a folder and of listing it right after, one request at a time.
 *
 * <ol>
 * <li>{@value #LIST_WARMUP} then ROUNDS listings of the folder with no rename in between (warming up
 * the listing as the benchmark's /files figure does): the steady /files figure that the ones after a
 * rename are set beside;</li>
 * <li>WARMUP unmeasured rounds, then ROUNDS measured ones, each {@code PUT /rename} of the folder to a
 * new name ({@code PREFIX-<round>}), then {@code GET /files} of it.</li>
 * </ol>
 * Every rename must answer 200 {@code {"status":"success"}} and every listing 200 with exactly
 * ENTRIES items; anything else ends the run with the answer. Prints medians and 90th percentiles in
 * milliseconds.
 *
 * <p>Usage: {@code java RenameLatency.java API_URL FOLDER_ID PREFIX WARMUP ROUNDS ENTRIES [Header: value]...}
 * where API_URL is the application's {@code .../api}.
 */
public class RenameLatency {

    /** Unmeasured listings before the measured ones, as for the benchmark's warm /files figure. */
    static final int LIST_WARMUP = 50;

    private static final Pattern SUCCESS = Pattern.compile("\"status\"\\s*:\\s*\"success\"");

    public static void main(String[] args) throws Exception {
        if (args.length < 6) {
            System.err.println("usage: java RenameLatency.java API_URL FOLDER_ID PREFIX WARMUP ROUNDS ENTRIES [Header: value]...");
            System.exit(2);
        }
        String api = args[0];
        String folder = URLEncoder.encode(args[1], StandardCharsets.UTF_8);
        String prefix = args[2];
        int warmup = Integer.parseInt(args[3]);
        int rounds = Integer.parseInt(args[4]);
        int entries = Integer.parseInt(args[5]);
        String[] headers = Arrays.copyOfRange(args, 6, args.length);

        // plain HTTP/1.1 as Workfront speaks it; no h2c upgrade attempt on every connection
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest list = request(api + "/files?parentId=" + folder, headers).GET().build();

        long bytes = 0;
        for (int i = 0; i < LIST_WARMUP; i++) {
            listing(http, list, entries);
        }
        double[] steady = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            bytes = listing(http, list, entries);
            steady[i] = (System.nanoTime() - start) / 1e6;
        }

        double[] rename = new double[rounds];
        double[] after = new double[rounds];
        for (int i = -warmup; i < rounds; i++) {
            String name = prefix + "-" + (i < 0 ? "warm" + (i + warmup + 1) : String.valueOf(i + 1));
            HttpRequest move = request(api + "/rename?id=" + folder + "&name=" + URLEncoder.encode(name, StandardCharsets.UTF_8), headers)
                    .PUT(HttpRequest.BodyPublishers.noBody()).build();
            long start = System.nanoTime();
            HttpResponse<String> moved = http.send(move, HttpResponse.BodyHandlers.ofString());
            long renamed = System.nanoTime();
            if (moved.statusCode() != 200 || !SUCCESS.matcher(moved.body()).find()) {
                fail("PUT /rename to '" + name + "' answered " + moved.statusCode() + ": " + moved.body());
            }
            listing(http, list, entries);
            long listed = System.nanoTime();
            if (i >= 0) {
                rename[i] = (renamed - start) / 1e6;
                after[i] = (listed - renamed) / 1e6;
            }
        }
        System.out.printf("rename_median_ms=%.1f rename_p90_ms=%.1f after_median_ms=%.1f after_p90_ms=%.1f"
                + " steady_median_ms=%.1f steady_p90_ms=%.1f bytes=%d last_name=%s%n",
                median(rename), p90(rename), median(after), p90(after), median(steady), p90(steady), bytes, prefix + "-" + rounds);
    }

    static HttpRequest.Builder request(String url, String[] headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
        for (String header : headers) {
            int colon = header.indexOf(':');
            builder.header(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
        }
        return builder;
    }

    /** Lists the folder, checks the answer, returns its length in bytes. */
    static long listing(HttpClient http, HttpRequest list, int entries) throws Exception {
        HttpResponse<byte[]> response = http.send(list, HttpResponse.BodyHandlers.ofByteArray());
        byte[] body = response.body();
        if (response.statusCode() != 200) {
            fail("GET /files answered " + response.statusCode() + ": " + new String(body, StandardCharsets.UTF_8));
        }
        int found = topLevelObjects(body);
        if (found != entries) {
            fail("GET /files answered " + found + " entries, not " + entries);
        }
        return body.length;
    }

    /** The number of objects in a JSON array; -1 when the text is not an array. */
    static int topLevelObjects(byte[] json) {
        int depth = 0;
        int count = 0;
        boolean inString = false;
        boolean escaped = false;
        boolean seenStart = false;
        for (byte b : json) {
            char c = (char) (b & 0xff); // bytes of multi-byte UTF-8 characters are all >= 0x80
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            if (!seenStart && !Character.isWhitespace(c)) {
                if (c != '[') {
                    return -1;
                }
                seenStart = true;
            }
            switch (c) {
                case '"' -> inString = true;
                case '{', '[' -> {
                    if (c == '{' && depth == 1) {
                        count++;
                    }
                    depth++;
                }
                case '}', ']' -> depth--;
                default -> { }
            }
        }
        return count;
    }

    static double median(double[] millis) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    static double p90(double[] millis) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        return sorted[(int) (sorted.length * 0.9)];
    }

    static void fail(String message) {
        System.err.println("RenameLatency: " + message);
        System.exit(1);
    }
}
