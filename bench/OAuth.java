import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OAuth2 part of bench/run: logs in as a user on docbridge's pages and allows (as a browser does),
 * exchanges the code (as Workfront does), then times REFRESHES refreshes one after the other, each with
 * the refresh token the one before returned, after WARMUP unmeasured ones. Prints
 * "access=<token of the last refresh> refresh_median_ms=.. refresh_p90_ms=.. login_ms=.."
 *
 *   java bench/OAuth.java ROOT USER PASSWORD CLIENT SECRET WARMUP REFRESHES
 */
public class OAuth {

    static final HttpClient BROWSER = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();
    static final HttpClient WORKFRONT = HttpClient.newHttpClient();

    public static void main(String[] a) throws Exception {
        String root = a[0].endsWith("/") ? a[0] : a[0] + "/";
        String user = a[1], password = a[2], client = a[3], secret = a[4];
        int warmup = Integer.parseInt(a[5]), count = Integer.parseInt(a[6]);
        String authorize = root + "oauth/authorize?client_id=" + enc(client) + "&state=bench";
        String form = get(authorize);
        long t0 = System.nanoTime();
        HttpResponse<String> login = post(BROWSER, root + "oauth/login", null, "client_id", client, "state", "bench",
                "csrf", csrf(form), "username", user, "password", password);
        long loginMs = (System.nanoTime() - t0) / 1_000_000;
        check(login.statusCode() == 303, "login refused: " + login.statusCode());
        String consent = get(authorize);
        HttpResponse<String> allowed = post(BROWSER, root + "oauth/consent", null, "client_id", client, "state", "bench",
                "csrf", csrf(consent), "decision", "allow");
        String location = allowed.headers().firstValue("Location").orElseThrow();
        Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(location);
        check(code.find(), "no code in " + location);
        String basic = "Basic " + Base64.getEncoder().encodeToString((client + ":" + secret).getBytes(StandardCharsets.UTF_8));
        String[] pair = tokens(post(WORKFRONT, root + "oauth/token", basic, "grant_type", "authorization_code", "code",
                URLDecoder.decode(code.group(1), StandardCharsets.UTF_8)));
        double[] ms = new double[count];
        for (int i = 0; i < warmup + count; i++) {
            long t = System.nanoTime();
            pair = tokens(post(WORKFRONT, root + "oauth/token", basic, "grant_type", "refresh_token", "refresh_token", pair[1]));
            if (i >= warmup) {
                ms[i - warmup] = (System.nanoTime() - t) / 1e6;
            }
        }
        Arrays.sort(ms);
        System.out.printf("access=%s refresh_median_ms=%.1f refresh_p90_ms=%.1f login_ms=%d%n", pair[0],
                ms[count / 2], ms[(int) (count * 0.9)], loginMs);
    }

    static String[] tokens(HttpResponse<String> r) {
        check(r.statusCode() == 200, "token endpoint answered " + r.statusCode() + ": " + r.body());
        return new String[] {field(r.body(), "access_token"), field(r.body(), "refresh_token")};
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        check(m.find(), "no " + name + " in " + json);
        return m.group(1);
    }

    static String csrf(String page) {
        Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page);
        check(m.find(), "no CSRF token on the page");
        return m.group(1);
    }

    static String get(String url) throws Exception {
        return BROWSER.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    static HttpResponse<String> post(HttpClient http, String url, String authorization, String... pairs) throws Exception {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            body.append(body.isEmpty() ? "" : "&").append(enc(pairs[i])).append('=').append(enc(pairs[i + 1]));
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static void check(boolean ok, String why) {
        if (!ok) {
            System.err.println("bench/OAuth.java: " + why);
            System.exit(1);
        }
    }
}
