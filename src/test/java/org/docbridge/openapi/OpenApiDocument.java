package org.docbridge.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An OpenAPI document read by swagger-parser, with what the tests ask of it: its validation
 * messages, its operations, the answers they declare, and its {@code $ref}s followed.
 */
public final class OpenApiDocument {

    /** The document in the WAR, as MicroProfile OpenAPI finds it. */
    public static final String RESOURCE = "/META-INF/openapi.yaml";

    /** One operation: a path (as the document writes it) and an HTTP method in upper case. */
    public record Op(String path, String method, Operation operation) {
        public String key() {
            return method + " " + path;
        }
    }

    /** One answer an operation declares: its status code, or {@code default}. */
    public record Answer(String path, String method, String status, ApiResponse response) {
        public String key() {
            return method + " " + path + " " + status;
        }
    }

    private final OpenAPI model;
    private final List<String> messages;

    private OpenApiDocument(SwaggerParseResult result) {
        this.model = result.getOpenAPI();
        this.messages = result.getMessages() == null ? List.of() : List.copyOf(result.getMessages());
    }

    /** Reads YAML or JSON text; {@code $ref}s inside the document stay references. */
    public static OpenApiDocument parse(String text) {
        ParseOptions options = new ParseOptions();
        options.setResolve(false);
        options.setValidateInternalRefs(true);
        return new OpenApiDocument(new OpenAPIV3Parser().readContents(text, null, options));
    }

    /** The document the WAR carries, from the class path. */
    public static OpenApiDocument inWar() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What swagger-parser found wrong; empty for a valid document. */
    public List<String> messages() {
        return messages;
    }

    public OpenAPI model() {
        if (model == null) {
            throw new AssertionError("not an OpenAPI document: " + messages);
        }
        return model;
    }

    public List<Op> operations() {
        List<Op> ops = new ArrayList<>();
        model().getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) ->
                ops.add(new Op(path, method.name().toUpperCase(Locale.ROOT), operation))));
        return ops;
    }

    /** Every declared answer of every operation, {@code default} included, references followed. */
    public List<Answer> answers() {
        List<Answer> answers = new ArrayList<>();
        for (Op op : operations()) {
            op.operation().getResponses().forEach((status, response) ->
                    answers.add(new Answer(op.path(), op.method(), status, response(response))));
        }
        return answers;
    }

    public ApiResponse response(ApiResponse response) {
        return response.get$ref() == null ? response
                : follow(model().getComponents().getResponses(), response.get$ref(), "responses");
    }

    public Schema<?> schema(Schema<?> schema) {
        return schema.get$ref() == null ? schema : follow(model().getComponents().getSchemas(), schema.get$ref(), "schemas");
    }

    public Parameter parameter(Parameter parameter) {
        return parameter.get$ref() == null ? parameter
                : follow(model().getComponents().getParameters(), parameter.get$ref(), "parameters");
    }

    public Example example(Example example) {
        return example.get$ref() == null ? example
                : follow(model().getComponents().getExamples(), example.get$ref(), "examples");
    }

    /** The name of a component schema a reference points at, or null for an inline schema. */
    public static String schemaName(Schema<?> schema) {
        String ref = schema.get$ref();
        return ref == null ? null : ref.substring(ref.lastIndexOf('/') + 1);
    }

    /** The parameters an operation reads, references followed; those of its path item too. */
    public List<Parameter> parameters(Op op) {
        List<Parameter> all = new ArrayList<>();
        PathItem item = model().getPaths().get(op.path());
        if (item.getParameters() != null) {
            item.getParameters().forEach(p -> all.add(parameter(p)));
        }
        if (op.operation().getParameters() != null) {
            op.operation().getParameters().forEach(p -> all.add(parameter(p)));
        }
        return all;
    }

    /** The security requirements that hold for an operation: its own, or else the document's. */
    public List<SecurityRequirement> security(Op op) {
        List<SecurityRequirement> own = op.operation().getSecurity();
        return own != null ? own : model().getSecurity() == null ? List.of() : model().getSecurity();
    }

    /**
     * What the document promises, one line per fact, with {@code prefix} taken off every path: each
     * operation's parameters, credentials, and answers with their content. Two documents that
     * serialise differently but promise the same have the same outline.
     */
    public Set<String> outline(String prefix) {
        Set<String> lines = new TreeSet<>();
        for (Op op : operations()) {
            String key = op.method() + " " + op.path().substring(prefix.length());
            for (Parameter p : parameters(op)) {
                lines.add(key + " parameter " + p.getIn() + " " + p.getName() + (Boolean.TRUE.equals(p.getRequired())
                        ? " required" : ""));
            }
            lines.add(key + " security " + security(op).stream().map(r -> new TreeSet<>(r.keySet()).toString()).toList());
            op.operation().getResponses().forEach((status, response) -> {
                Map<String, MediaType> content = response(response).getContent();
                lines.add(key + " answer " + status + (content == null ? "" : " " + new TreeSet<>(content.keySet())));
            });
        }
        return lines;
    }

    private static <T> T follow(Map<String, T> components, String ref, String kind) {
        String prefix = "#/components/" + kind + "/";
        if (!ref.startsWith(prefix) || components == null || !components.containsKey(ref.substring(prefix.length()))) {
            throw new AssertionError("a reference that leads nowhere: " + ref);
        }
        return components.get(ref.substring(prefix.length()));
    }
}
