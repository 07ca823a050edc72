package org.docbridge.ops;

import java.util.Set;

/**
 * The endpoint a request path belongs to, as a metric label: one of a fixed set, so that no path a
 * client invents can add a time series.
 */
final class Endpoints {

    private static final Set<String> PROTOCOL = Set.of("metadata", "files", "search", "download", "thumbnail",
            "uploadInit", "upload", "createFolder", "delete", "rename", "serviceInfo", "customAction");
    private static final Set<String> LINKS = Set.of("view", "download", "thumbnail", "page");
    private static final Set<String> OAUTH = Set.of("authorize", "login", "consent", "logout", "token");

    private Endpoints() {
    }

    /** {@code /api/metadata}, {@code /links/view}, {@code /oauth/token}, {@code /metrics}...; {@code other}. */
    static String of(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        int slash = p.indexOf('/');
        String first = slash < 0 ? p : p.substring(0, slash);
        String rest = slash < 0 ? "" : p.substring(slash + 1);
        int next = rest.indexOf('/');
        String second = next < 0 ? rest : rest.substring(0, next);
        return switch (first) {
            case "api" -> PROTOCOL.contains(second) ? "/api/" + second : "other";
            case "links" -> LINKS.contains(second) ? "/links/" + second : "other";
            case "oauth" -> OAUTH.contains(second) ? "/oauth/" + second : "other";
            case "admin" -> "users".equals(second) ? "/admin/users" : "other";
            case "metrics" -> rest.isEmpty() ? "/metrics" : "other";
            case "static" -> "/static";
            default -> "other";
        };
    }
}
