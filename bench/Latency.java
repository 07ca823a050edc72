import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;

/**
 * Sequential latency of one GET: warm-up requests, then measured ones; prints the median and the
 * 90th percentile in milliseconds. Usage: java Latency.java URL WARMUP COUNT [Header: value]...
 */
public class Latency {
    public static void main(String[] args) throws Exception {
        // plain HTTP/1.1 as Workfront speaks it; no h2c upgrade attempt on every connection
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(args[0])).timeout(Duration.ofSeconds(60));
        for (int i = 3; i < args.length; i++) {
            int colon = args[i].indexOf(':');
            builder.header(args[i].substring(0, colon).trim(), args[i].substring(colon + 1).trim());
        }
        HttpRequest request = builder.build();
        int warmup = Integer.parseInt(args[1]);
        int count = Integer.parseInt(args[2]);
        long bytes = 0;
        for (int i = 0; i < warmup; i++) {
            check(http.send(request, HttpResponse.BodyHandlers.ofByteArray()));
        }
        double[] millis = new double[count];
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            bytes = check(http.send(request, HttpResponse.BodyHandlers.ofByteArray())).body().length;
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        System.out.printf("median_ms=%.1f p90_ms=%.1f bytes=%d%n", millis[count / 2], millis[(int) (count * 0.9)], bytes);
    }

    static HttpResponse<byte[]> check(HttpResponse<byte[]> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("status " + response.statusCode() + ": " + new String(response.body()));
        }
        return response;
    }
}
