package org.docbridge.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Application;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.docbridge.links.LinkResource;
import org.docbridge.links.LinksApplication;
import org.docbridge.oauth.OAuthApplication;
import org.docbridge.oauth.TokenResource;
import org.docbridge.openapi.JsonShape;
import org.docbridge.openapi.OpenApiDocument;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document in the WAR (src/main/resources/META-INF/openapi.yaml) against the code: valid
 * OpenAPI 3.0, exactly the operations the resources serve with the parameters they read, and the
 * protocol's error JSON on every error answer. OpenApiIT checks the answers against a running server.
 */
class OpenApiDocumentTest {

    /**
     * What the document describes: every resource of the protocol, and of the other applications
     * what Workfront and its users reach through the protocol's answers: the signed links and the
     * token endpoint (not the HTML pages, not /admin).
     */
    private record Covered(Class<? extends Application> application, List<Class<?>> resources) {
    }

    private static final List<Covered> COVERED = List.of(
            new Covered(ProtocolApplication.class, new ProtocolApplication().getClasses().stream()
                    .filter(c -> c.isAnnotationPresent(Path.class)).toList()),
            new Covered(LinksApplication.class, List.of(LinkResource.class)),
            new Covered(OAuthApplication.class, List.of(TokenResource.class)));

    private final OpenApiDocument document = OpenApiDocument.inWar();

    @Test
    void isValidOpenApi303() {
        assertEquals(List.of(), document.messages());
        assertEquals("3.0.3", document.model().getOpenapi());
    }

    @Test
    void describesExactlyTheOperationsTheResourcesServe() {
        Set<String> documented = document.operations().stream().map(OpenApiDocument.Op::key)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(served().keySet()), documented);
        assertTrue(documented.size() > 20, "the resources were found: " + documented);
    }

    @Test
    void coveredResourcesAreThoseTheirApplicationsServe() {
        for (Covered covered : COVERED) {
            Set<Class<?>> classes = instantiate(covered.application()).getClasses();
            assertTrue(classes.containsAll(covered.resources()), covered.application() + " serves " + classes);
        }
    }

    /** Query and path parameters carry the names the resources read (the token endpoint reads its own). */
    @Test
    void namesTheQueryAndPathParametersAsTheResourcesReadThem() {
        Map<String, Method> served = served();
        for (OpenApiDocument.Op op : document.operations()) {
            Method method = served.get(op.key());
            if (method.getDeclaringClass() == TokenResource.class) {
                continue;
            }
            Set<String> read = new TreeSet<>();
            for (Annotation[] annotations : method.getParameterAnnotations()) {
                for (Annotation a : annotations) {
                    if (a instanceof QueryParam q) {
                        read.add("query " + q.value());
                    } else if (a instanceof PathParam p) {
                        read.add("path " + p.value());
                    }
                }
            }
            Set<String> declared = document.parameters(op).stream()
                    .filter(p -> p.getIn().equals("query") || p.getIn().equals("path"))
                    .map(p -> p.getIn() + " " + p.getName()).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(read, declared, op.key());
        }
    }

    /** The token endpoint's parameters are those it reads from the query string or the form. */
    @Test
    void theTokenEndpointDeclaresTheParametersOfItsGrants() {
        OpenApiDocument.Op token = document.operations().stream().filter(op -> op.path().equals("/oauth/token"))
                .findFirst().orElseThrow();
        assertEquals(List.of("grant_type", "code", "refresh_token", "client_id", "client_secret"),
                document.parameters(token).stream().map(Parameter::getName).toList());
    }

    /** Every error answer, and every operation's default, is the error JSON its endpoint speaks. */
    @Test
    void everyErrorAnswerCarriesTheErrorJsonOfItsEndpoint() {
        for (OpenApiDocument.Answer answer : document.answers()) {
            if (!answer.status().equals("default") && answer.status().charAt(0) < '4') {
                continue;
            }
            String expected = answer.path().equals("/api/upload") ? "UploadError"
                    : answer.path().startsWith("/oauth/") ? "OAuthError" : "Error";
            Map<String, MediaType> content = answer.response().getContent();
            assertEquals(Set.of("application/json"), content == null ? Set.of() : content.keySet(), answer.key());
            assertEquals(expected, OpenApiDocument.schemaName(content.get("application/json").getSchema()), answer.key());
        }
    }

    /**
     * Every call but /serviceInfo needs credentials (403) and a parameter (400) that names an item
     * (404); every operation says what any other failure looks like.
     */
    @Test
    void everyOperationDeclaresTheRefusalsEveryCallCanMeet() {
        for (OpenApiDocument.Op op : document.operations()) {
            Set<String> statuses = op.operation().getResponses().keySet();
            assertTrue(statuses.contains("default"), op.key() + " " + statuses);
            assertTrue(statuses.stream().anyMatch(s -> s.startsWith("2")), op.key() + " " + statuses);
            List<Set<String>> security = document.security(op).stream().map(r -> r.keySet()).toList();
            if (op.path().startsWith("/api/") && !op.path().equals("/api/serviceInfo")) {
                assertTrue(statuses.containsAll(List.of("400", "403", "404")), op.key() + " " + statuses);
                assertEquals(List.of(Set.of("apiKey", "username"), Set.of("bearer")), security, op.key());
            } else {
                assertTrue(security.stream().noneMatch(r -> r.contains("apiKey") || r.contains("bearer")),
                        op.key() + " needs no Workfront credentials: " + security);
            }
        }
    }

    /** Each operation names its credentials: Payara's MicroProfile OpenAPI drops an operation's empty {@code security}. */
    @Test
    void hasNoDocumentWideCredentials() {
        assertEquals(null, document.model().getSecurity());
    }

    @Test
    void everyExampleHasTheShapeOfItsSchema() {
        JsonShape shape = new JsonShape(document);
        assertEquals(List.of(), shape.exampleProblems());
        assertTrue(shape.examples() >= 20, shape.examples() + " examples");
    }

    @Test
    void theServiceInfoExampleListsTheEndpointsThisBuildServes() {
        ApiResponse ok = document.answers().stream().filter(a -> a.key().equals("GET /api/serviceInfo 200"))
                .findFirst().orElseThrow().response();
        JsonNode example = new ObjectMapper().valueToTree(
                ok.getContent().get("application/json").getExamples().get("serviceInfo").getValue());
        List<String> listed = new ArrayList<>();
        example.get("availableEndpoints").forEach(e -> listed.add(e.textValue()));
        assertEquals(ServiceInfoResource.ENDPOINTS, listed);
    }

    /** "METHOD /path" of every resource method the covered applications serve. */
    private static Map<String, Method> served() {
        Map<String, Method> served = new TreeMap<>();
        for (Covered covered : COVERED) {
            String root = covered.application().getAnnotation(ApplicationPath.class).value();
            for (Class<?> resource : covered.resources()) {
                for (Method method : resource.getMethods()) {
                    String http = httpMethod(method);
                    if (http != null) {
                        String path = join(root, resource.getAnnotation(Path.class).value(),
                                method.isAnnotationPresent(Path.class) ? method.getAnnotation(Path.class).value() : "");
                        Method before = served.put(http + " " + path, method);
                        assertEquals(null, before, "two methods serve " + http + " " + path);
                    }
                }
            }
        }
        return served;
    }

    private static String httpMethod(Method method) {
        for (Annotation a : method.getAnnotations()) {
            HttpMethod http = a.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    private static String join(String... parts) {
        return "/" + Stream.of(parts).flatMap(p -> Stream.of(p.split("/"))).filter(s -> !s.isEmpty())
                .collect(Collectors.joining("/"));
    }

    private static Application instantiate(Class<? extends Application> application) {
        try {
            return application.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
