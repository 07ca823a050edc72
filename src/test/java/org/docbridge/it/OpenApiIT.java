package org.docbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.servers.Server;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.docbridge.openapi.JsonShape;
import org.docbridge.openapi.OpenApiDocument;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document as the server's MicroProfile OpenAPI serves it at {@code /openapi} (on the
 * server's root, beside the application): valid OpenAPI 3, promising what the WAR's document
 * promises, and every answer it declares is the server's answer to a real request
 * ({@link StatusRecipes}), with the declared content: the document's JSON shapes for JSON answers,
 * the error JSON for every error.
 */
class OpenApiIT extends ProductIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The served document, and the part of its paths that comes before the application's own paths. */
    private record Served(OpenApiDocument document, String prefix) {
        String pathInWar(String servedPath) {
            return servedPath.substring(prefix.length());
        }
    }

    @Test
    void theServerServesTheWarsDocumentAsValidOpenApi3() {
        Served served = served();
        assertEquals(List.of(), served.document().messages());
        assertTrue(served.document().model().getOpenapi().startsWith("3."), served.document().model().getOpenapi());
        assertEquals(OpenApiDocument.inWar().outline(""), served.document().outline(served.prefix()),
                "the server serves what the WAR's document promises, with nothing left out or added");
        assertEquals(List.of(), new JsonShape(served.document()).exampleProblems(), "the served examples");
    }

    @Test
    void everyDeclaredAnswerIsTheServersAnswer() {
        Served served = served();
        StatusRecipes recipes = new StatusRecipes(api);
        JsonShape shape = new JsonShape(served.document());
        List<String> failures = new ArrayList<>();
        Set<String> used = new TreeSet<>();
        int checked = 0;
        for (OpenApiDocument.Answer answer : served.document().answers()) {
            if (answer.status().equals("default")) {
                continue; // the failures no request can provoke at will (500, 503)
            }
            String path = served.pathInWar(answer.path());
            String declared = answer.method() + " " + path + " " + answer.status();
            StatusRecipes.Recipe recipe = recipes.recipe(path, answer.status());
            if (recipe == null) {
                failures.add(declared + ": declared, but StatusRecipes has no request that provokes it");
                continue;
            }
            used.add(path + " " + answer.status());
            Http.Answer got = recipe.apply(answer.method());
            failures.addAll(check(declared, answer, got, shape));
            checked++;
        }
        Set<String> unused = new TreeSet<>(recipes.keys());
        unused.removeAll(used);
        unused.forEach(key -> failures.add(key + ": StatusRecipes provokes it, but the document does not declare it"));
        assertEquals(List.of(), failures);
        assertTrue(checked > 100, checked + " answers checked");
        System.out.println("OpenApiIT: the server gave each of the " + checked + " declared answers");
    }

    /** What is wrong with the server's answer to a request for a declared answer. */
    private static List<String> check(String declared, OpenApiDocument.Answer answer, Http.Answer got, JsonShape shape) {
        if (got.status() != Integer.parseInt(answer.status())) {
            return List.of(declared + ": the server answered " + got);
        }
        Map<String, MediaType> content = answer.response().getContent();
        if (content == null || content.isEmpty()) {
            return got.body().length == 0 ? List.of() : List.of(declared + ": declared without a body, got " + got);
        }
        if (content.containsKey("application/json")) {
            if (got.contentType() == null || !got.contentType().startsWith("application/json")) {
                return List.of(declared + ": declared as JSON, got " + got);
            }
            try {
                JsonNode body = JSON.readTree(got.body());
                return shape.problems(content.get("application/json").getSchema(), body, declared);
            } catch (IOException e) {
                return List.of(declared + ": not JSON: " + got);
            }
        }
        if (content.containsKey("image/png") && !"image/png".equals(got.contentType())) {
            return List.of(declared + ": declared as a PNG, got " + got);
        }
        return got.body().length > 0 ? List.of() : List.of(declared + ": declared with content, got none");
    }

    /**
     * The document at {@code /openapi} on the server's root. Payara 6 adds a top-level field of its
     * own, {@code endpoints} (the paths it found, by context root), which OpenAPI 3 does not allow;
     * later Payara releases name it {@code x-endpoints}. WildFly 39 (SmallRye OpenAPI) adds empty
     * {@code info.license} and {@code externalDocs} objects that lack their required fields. Those
     * additions of the servers' are taken out before the document is checked; everything else is
     * checked as served.
     */
    private Served served() {
        String server = "http://127.0.0.1:" + url.getPort();
        Http.Answer answer = Http.send("GET", server + "/openapi", Map.of("Accept", "application/json"), null);
        assertEquals(200, answer.status(), "GET /openapi: " + answer);
        ObjectNode tree;
        try {
            tree = (ObjectNode) JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new AssertionError("/openapi is not JSON: " + answer, e);
        }
        tree.remove("endpoints");
        removeIfEmpty(tree, "externalDocs");
        if (tree.get("info") instanceof ObjectNode info) {
            removeIfEmpty(info, "license");
        }
        OpenApiDocument document = OpenApiDocument.parse(tree.toString());
        return new Served(document, prefix(document));
    }

    private static void removeIfEmpty(ObjectNode parent, String field) {
        if (parent.get(field) != null && parent.get(field).isObject() && parent.get(field).isEmpty()) {
            parent.remove(field);
        }
    }

    /**
     * Where the served paths start: at a server URL that ends in the application's context root
     * (Payara adds such a server), or with the context root in every path. Anything else would
     * send a reader of the document to the wrong address.
     */
    private String prefix(OpenApiDocument document) {
        String contextRoot = URI.create(api.root()).getPath().replaceAll("/$", "");
        List<Server> servers = document.model().getServers() == null ? List.of() : document.model().getServers();
        boolean serverNamesIt = servers.stream().anyMatch(s -> URI.create(s.getUrl()).getPath().replaceAll("/$", "")
                .equals(contextRoot));
        if (serverNamesIt || contextRoot.isEmpty()) {
            return "";
        }
        Set<String> paths = document.model().getPaths().keySet();
        assertTrue(paths.stream().allMatch(p -> p.startsWith(contextRoot + "/")), "the served document says neither"
                + " in its servers nor in its paths that the application is at " + contextRoot + ": servers "
                + servers.stream().map(Server::getUrl).toList() + ", paths " + paths);
        return contextRoot;
    }
}
