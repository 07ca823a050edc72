package org.docbridge.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Whether a JSON value has the shape a schema of the document gives it, as far as the document's
 * schemas go: type, properties, required, additionalProperties, items, enum, minLength, maxLength,
 * pattern, minimum and the date-time format. A type it does not know is a problem, never a pass.
 */
public final class JsonShape {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final OpenApiDocument document;

    public JsonShape(OpenApiDocument document) {
        this.document = document;
    }

    /** What is wrong with the document's JSON examples as their schemas see them; empty when nothing is. */
    public List<String> exampleProblems() {
        List<String> problems = new ArrayList<>();
        for (OpenApiDocument.Answer answer : document.answers()) {
            Map<String, MediaType> content = answer.response().getContent();
            MediaType json = content == null ? null : content.get("application/json");
            if (json != null && json.getExamples() != null) {
                json.getExamples().forEach((name, example) -> problems.addAll(problems(json.getSchema(),
                        MAPPER.valueToTree(document.example(example).getValue()), answer.key() + " example " + name)));
            }
        }
        return problems;
    }

    /** How many JSON examples the document's answers give. */
    public int examples() {
        return document.answers().stream().map(a -> a.response().getContent())
                .filter(c -> c != null && c.get("application/json") != null && c.get("application/json").getExamples() != null)
                .mapToInt(c -> c.get("application/json").getExamples().size()).sum();
    }

    /** What is wrong with {@code value} as {@code schema} sees it; empty when nothing is. */
    public List<String> problems(Schema<?> schema, JsonNode value, String where) {
        List<String> problems = new ArrayList<>();
        check(document.schema(schema), value, where, problems);
        return problems;
    }

    private void check(Schema<?> schema, JsonNode value, String where, List<String> problems) {
        String type = type(schema);
        switch (type == null ? "" : type) {
            case "object" -> object(schema, value, where, problems);
            case "array" -> {
                if (!value.isArray()) {
                    problems.add(where + " is not an array: " + value);
                    return;
                }
                for (int i = 0; i < value.size(); i++) {
                    check(document.schema(schema.getItems()), value.get(i), where + "[" + i + "]", problems);
                }
            }
            case "string" -> string(schema, value, where, problems);
            case "integer" -> {
                if (!value.isIntegralNumber()) {
                    problems.add(where + " is not an integer: " + value);
                } else if (schema.getMinimum() != null && value.decimalValue().compareTo(schema.getMinimum()) < 0) {
                    problems.add(where + " is below " + schema.getMinimum() + ": " + value);
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    problems.add(where + " is not a boolean: " + value);
                }
            }
            default -> problems.add(where + ": the schema's type '" + type + "' is not one the tests check");
        }
    }

    private void object(Schema<?> schema, JsonNode value, String where, List<String> problems) {
        if (!value.isObject()) {
            problems.add(where + " is not an object: " + value);
            return;
        }
        Map<String, Schema> properties = schema.getProperties() == null ? Map.of() : schema.getProperties();
        if (schema.getRequired() != null) {
            for (String name : schema.getRequired()) {
                if (!value.has(name)) {
                    problems.add(where + " lacks '" + name + "': " + value);
                }
            }
        }
        for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            Schema<?> property = properties.get(name);
            if (property != null) {
                check(document.schema(property), value.get(name), where + "." + name, problems);
            } else if (Boolean.FALSE.equals(schema.getAdditionalProperties())) {
                problems.add(where + " has '" + name + "', which the schema does not declare: " + value);
            } else if (schema.getAdditionalProperties() instanceof Schema<?> others) {
                check(document.schema(others), value.get(name), where + "." + name, problems);
            }
        }
    }

    private static void string(Schema<?> schema, JsonNode value, String where, List<String> problems) {
        if (!value.isTextual()) {
            problems.add(where + " is not a string: " + value);
            return;
        }
        String text = value.textValue();
        if (schema.getEnum() != null && schema.getEnum().stream().noneMatch(e -> String.valueOf(e).equals(text))) {
            problems.add(where + " is '" + text + "', not one of " + schema.getEnum());
        }
        int length = text.codePointCount(0, text.length());
        if (schema.getMinLength() != null && length < schema.getMinLength()) {
            problems.add(where + " is shorter than " + schema.getMinLength() + ": '" + text + "'");
        }
        if (schema.getMaxLength() != null && length > schema.getMaxLength()) {
            problems.add(where + " is longer than " + schema.getMaxLength());
        }
        if (schema.getPattern() != null && !text.matches(schema.getPattern())) {
            problems.add(where + " does not match " + schema.getPattern() + ": '" + text + "'");
        }
        if ("date-time".equals(schema.getFormat())) {
            try {
                OffsetDateTime.parse(text);
            } catch (DateTimeParseException e) {
                problems.add(where + " is not an RFC 3339 date-time: '" + text + "'");
            }
        }
    }

    /** The one type of a schema, in OpenAPI 3.0's spelling or 3.1's. */
    static String type(Schema<?> schema) {
        if (schema.getType() != null) {
            return schema.getType();
        }
        return schema.getTypes() != null && schema.getTypes().size() == 1 ? schema.getTypes().iterator().next() : null;
    }
}
