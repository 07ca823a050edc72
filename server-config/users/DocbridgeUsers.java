import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command behind server-config/docbridge-users: calls the node's /admin/users endpoint with the
 * administrators' key from the data folder. Passwords are read from the terminal (twice), or from
 * standard input with --password-stdin; never from the command line, where other users could see them.
 */
public class DocbridgeUsers {

    private static final String USAGE = """
            usage: docbridge-users [--url URL] [--data-dir DIR] COMMAND
              list                                   the embedded users, their groups, whether disabled
              add NAME [--groups G1,G2] [--display-name TEXT] [--password-stdin]
                                                     a new user (asks for the password)
              reset NAME [--password-stdin]          a new password; the user's OAuth tokens are revoked
              groups NAME G1,G2                      replaces the user's groups ("" for none)
              disable NAME | enable NAME             a disabled user cannot log in; their tokens are revoked
              remove NAME                            deletes the user; their tokens are revoked
            URL defaults to $DOCBRIDGE_URL or http://127.0.0.1:8080/ (docbridge's own address on this machine);
            DIR to $DOCBRIDGE_DATA_DIR or ./data (the node's docbridge.data-dir).""";

    public static void main(String[] args) throws Exception {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        String url = option(rest, "--url", env("DOCBRIDGE_URL", "http://127.0.0.1:8080/"));
        String data = option(rest, "--data-dir", env("DOCBRIDGE_DATA_DIR", "data"));
        String groups = option(rest, "--groups", null);
        String displayName = option(rest, "--display-name", null);
        boolean stdin = rest.remove("--password-stdin");
        if (rest.isEmpty() || rest.contains("--help") || rest.contains("-h")) {
            System.err.println(USAGE);
            System.exit(rest.isEmpty() ? 2 : 0);
        }
        String command = rest.get(0);
        String name = rest.size() > 1 ? rest.get(1) : null;
        if (!command.equals("list") && name == null) {
            fail("'" + command + "' needs a user name\n" + USAGE);
        }
        String key = readKey(Path.of(data));
        String base = (url.endsWith("/") ? url : url + "/") + "admin/users";
        String user = name == null ? "" : "/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        Map<String, String> form = new LinkedHashMap<>();
        HttpRequest.Builder request;
        switch (command) {
            case "list" -> request = HttpRequest.newBuilder(URI.create(base)).GET();
            case "add", "reset" -> {
                // add never changes an existing user, reset never makes a new one
                form.put("intent", command.equals("add") ? "create" : "update");
                form.put("password", password(stdin));
                if (command.equals("add")) {
                    form.put("groups", groups == null ? "" : groups);
                }
                if (displayName != null) {
                    form.put("display-name", displayName);
                }
                request = put(base + user, form);
            }
            case "groups" -> {
                if (rest.size() < 3) {
                    fail("'groups' needs the user name and the groups, comma-separated (\"\" for none)");
                }
                form.put("intent", "update");
                form.put("groups", rest.get(2));
                request = put(base + user, form);
            }
            case "disable", "enable" -> request = HttpRequest.newBuilder(URI.create(base + user + "/" + command))
                    .POST(HttpRequest.BodyPublishers.noBody());
            case "remove" -> request = HttpRequest.newBuilder(URI.create(base + user)).DELETE();
            default -> {
                fail("unknown command '" + command + "'\n" + USAGE);
                return;
            }
        }
        HttpResponse<String> response;
        try {
            response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build().send(
                    request.header("Authorization", "Bearer " + key).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            fail("cannot reach docbridge at " + url + " (" + e.getClass().getSimpleName() + "): is the server running?"
                    + " Give its address with --url or DOCBRIDGE_URL");
            return;
        }
        if (response.statusCode() >= 300) {
            fail("docbridge answered " + response.statusCode() + ": " + response.body());
        }
        System.out.println(response.body());
    }

    private static HttpRequest.Builder put(String uri, Map<String, String> form) {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return HttpRequest.newBuilder(URI.create(uri)).header("Content-Type", "application/x-www-form-urlencoded")
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString()));
    }

    private static String password(boolean stdin) throws IOException {
        if (stdin) {
            InputStream in = System.in;
            String line = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().findFirst().orElse("");
            if (line.isEmpty()) {
                fail("--password-stdin: standard input holds no password");
            }
            return line;
        }
        Console console = System.console();
        if (console == null) {
            fail("no terminal to ask for the password: give it on standard input with --password-stdin");
        }
        char[] first = console.readPassword("Password (at least 12 characters): ");
        char[] again = console.readPassword("The same password again: ");
        if (first == null || again == null || !Arrays.equals(first, again)) {
            fail("the two passwords differ; nothing was changed");
        }
        return new String(first);
    }

    private static String readKey(Path data) throws IOException {
        Path file = data.resolve("state").resolve("admin-key");
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            fail(file + " does not exist: give the node's data folder with --data-dir or DOCBRIDGE_DATA_DIR (the key"
                    + " is written there when the server starts)");
        } catch (java.nio.file.AccessDeniedException e) {
            fail(file + " is readable by the server's user only: run this command as that user");
        }
        return null;
    }

    private static String option(List<String> args, String name, String fallback) {
        int i = args.indexOf(name);
        if (i < 0) {
            return fallback;
        }
        if (i + 1 >= args.size()) {
            fail(name + " needs a value");
        }
        String value = args.get(i + 1);
        args.remove(i + 1);
        args.remove(i);
        return value;
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    private static void fail(String message) {
        System.err.println("docbridge-users: " + message);
        System.exit(1);
    }
}
