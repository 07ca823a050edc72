import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The million section of the benchmark: docbridge learns a large store by listing it, then answers
 * /metadata of ids picked at random from what the listings returned.
 *
 * <ul>
 * <li>{@code list API_URL FOLDER_ID FOLDERS PER_FOLDER OUT_FILE [Header: value]...}: lists the folder,
 * which must hold FOLDERS folders, then each of them once, one request at a time; each must hold
 * PER_FOLDER items. Every id must be new and distinct. Writes the items' ids to OUT_FILE, one a line,
 * and prints the wall time, the ids per second and the listings' median and 90th percentile.</li>
 * <li>{@code metadata API_URL BASELINE_URL IDS_FILE SAMPLE SEED [Header: value]...}: picks twice SAMPLE distinct ids
 * of IDS_FILE at random (SEED) and asks /metadata of each one, one request at a time: first the one
 * half right after the server's start (the "first" pass: the code is not compiled yet and no row is
 * cached), then the other half (the cold pass: the server is warm, but each id is asked for the first
 * time since the start, so its row is read from the database), then that half again (the warm pass:
 * its rows are cached). Each answer must be 200 with the id asked for. Prints the median and 90th
 * percentile of each pass in milliseconds. Before each /metadata request of the cold and the warm pass,
 * one GET of BASELINE_URL (a trivial JAX-RS GET on the same server) is timed as well, so that both
 * figures see the same moments of a shared machine; its median and 90th percentile are printed too.</li>
 * </ul>
 * Where API_URL is the application's {@code .../api}. Anything unexpected ends the run with the answer.
 */
public class Million {

    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        if (args.length >= 6 && args[0].equals("list")) {
            list(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]), Path.of(args[5]),
                    Arrays.copyOfRange(args, 6, args.length));
        } else if (args.length >= 6 && args[0].equals("metadata")) {
            metadata(args[1], args[2], Path.of(args[3]), Integer.parseInt(args[4]), Long.parseLong(args[5]),
                    Arrays.copyOfRange(args, 6, args.length));
        } else {
            System.err.println("usage: java Million.java list API_URL FOLDER_ID FOLDERS PER_FOLDER OUT_FILE [Header: value]...\n"
                    + "       java Million.java metadata API_URL BASELINE_URL IDS_FILE SAMPLE SEED [Header: value]...");
            System.exit(2);
        }
    }

    static void list(String api, String top, int folders, int perFolder, Path out, String[] headers) throws Exception {
        HttpClient http = client();
        long start = System.nanoTime();
        List<String> folderIds = ids(get(http, api + "/files?parentId=" + encode(top), headers));
        if (folderIds.size() != folders) {
            fail("the listing of the top folder gave " + folderIds.size() + " ids, not " + folders);
        }
        Set<String> seen = new HashSet<>(folders * perFolder * 2);
        seen.addAll(folderIds);
        List<String> items = new ArrayList<>(folders * perFolder);
        double[] millis = new double[folders];
        for (int i = 0; i < folders; i++) {
            long t = System.nanoTime();
            List<String> found = ids(get(http, api + "/files?parentId=" + encode(folderIds.get(i)), headers));
            millis[i] = (System.nanoTime() - t) / 1e6;
            if (found.size() != perFolder) {
                fail("folder " + i + " listed " + found.size() + " ids, not " + perFolder);
            }
            for (String id : found) {
                if (!seen.add(id)) {
                    fail("the id " + id + " was given twice");
                }
            }
            items.addAll(found);
            if ((i + 1) % 100 == 0) {
                System.err.printf("[bench] listed %d of %d folders (%d ids) in %.0f s%n", i + 1, folders, items.size(),
                        (System.nanoTime() - start) / 1e9);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Files.write(out, items);
        Arrays.sort(millis);
        System.out.printf("ids=%d folders=%d seconds=%.1f ids_per_s=%.0f listing_median_ms=%.1f listing_p90_ms=%.1f%n",
                items.size() + folderIds.size(), folders, seconds, (items.size() + folderIds.size()) / seconds,
                millis[folders / 2], millis[(int) (folders * 0.9)]);
    }

    static void metadata(String api, String baselineUrl, Path idsFile, int sample, long seed, String[] headers)
            throws Exception {
        List<String> all = Files.readAllLines(idsFile);
        Collections.shuffle(all, new Random(seed));
        if (all.size() < 2 * sample) {
            fail(idsFile + " holds " + all.size() + " ids; " + 2 * sample + " are needed");
        }
        HttpClient http = client();
        double[] first = pass(http, api, all.subList(0, sample), headers, null, null);
        List<String> picked = all.subList(sample, 2 * sample);
        double[] coldBase = new double[sample];
        double[] warmBase = new double[sample];
        double[] cold = pass(http, api, picked, headers, baselineUrl, coldBase);
        double[] warm = pass(http, api, picked, headers, baselineUrl, warmBase);
        System.out.printf("count=%d first_median_ms=%.2f first_p90_ms=%.2f cold_median_ms=%.2f cold_p90_ms=%.2f"
                + " warm_median_ms=%.2f warm_p90_ms=%.2f cold_base_median_ms=%.2f cold_base_p90_ms=%.2f"
                + " warm_base_median_ms=%.2f warm_base_p90_ms=%.2f%n", sample,
                first[sample / 2], first[(int) (sample * 0.9)], cold[sample / 2], cold[(int) (sample * 0.9)],
                warm[sample / 2], warm[(int) (sample * 0.9)], coldBase[sample / 2], coldBase[(int) (sample * 0.9)],
                warmBase[sample / 2], warmBase[(int) (sample * 0.9)]);
    }

    /**
     * /metadata of each id, one at a time; with a baseline URL, each one preceded by a timed GET of it
     * (into {@code baseline}). Returns the /metadata times, sorted; sorts {@code baseline} too.
     */
    private static double[] pass(HttpClient http, String api, List<String> ids, String[] headers, String baselineUrl,
            double[] baseline) throws Exception {
        double[] millis = new double[ids.size()];
        for (int i = 0; i < ids.size(); i++) {
            if (baselineUrl != null) {
                long t = System.nanoTime();
                get(http, baselineUrl, headers);
                baseline[i] = (System.nanoTime() - t) / 1e6;
            }
            String id = ids.get(i);
            long t = System.nanoTime();
            String body = get(http, api + "/metadata?id=" + encode(id), headers);
            millis[i] = (System.nanoTime() - t) / 1e6;
            List<String> answered = ids(body);
            if (answered.isEmpty() || !answered.get(0).equals(id)) {
                fail("/metadata?id=" + id + " answered " + body.substring(0, Math.min(500, body.length())));
            }
        }
        Arrays.sort(millis);
        if (baseline != null) {
            Arrays.sort(baseline);
        }
        return millis;
    }

    private static HttpClient client() {
        // plain HTTP/1.1 as Workfront speaks it; no h2c upgrade attempt on every connection
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    private static String get(HttpClient http, String url, String[] headers) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120));
        for (String header : headers) {
            int colon = header.indexOf(':');
            builder.header(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
        }
        HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            fail(url + " answered " + response.statusCode() + ": "
                    + response.body().substring(0, Math.min(500, response.body().length())));
        }
        return response.body();
    }

    /** The ids of the document objects in a JSON answer, in order. */
    private static List<String> ids(String json) {
        List<String> ids = new ArrayList<>();
        Matcher m = ID.matcher(json);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private static String encode(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    private static void fail(String why) {
        System.err.println("[bench] FAILED: " + why);
        System.exit(1);
    }
}
