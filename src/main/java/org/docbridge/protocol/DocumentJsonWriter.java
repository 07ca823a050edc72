package org.docbridge.protocol;

import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.annotation.Annotation;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes document objects and lists of them straight to the response. Listings of 10,000 items are
 * the protocol's hot path, and a general object mapper spends most of such a request on reflection;
 * this writer knows the nine fields. Everything else goes through JSON-B.
 */
@Provider
@Produces(MediaType.APPLICATION_JSON)
public class DocumentJsonWriter implements MessageBodyWriter<Object> {

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        if (type == DocumentJson.class) {
            return true;
        }
        return List.class.isAssignableFrom(type) && genericType instanceof ParameterizedType p
                && p.getActualTypeArguments()[0] == DocumentJson.class;
    }

    @Override
    public void writeTo(Object value, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, Object> headers, OutputStream entityStream) throws IOException {
        Writer out = new BufferedWriter(new OutputStreamWriter(entityStream, StandardCharsets.UTF_8), 1 << 16);
        if (value instanceof DocumentJson document) {
            write(document, out);
        } else {
            out.write('[');
            boolean first = true;
            for (Object document : (List<?>) value) {
                if (!first) {
                    out.write(',');
                }
                write((DocumentJson) document, out);
                first = false;
            }
            out.write(']');
        }
        out.flush();
    }

    static void write(DocumentJson d, Writer out) throws IOException {
        out.write("{\"title\":");
        string(d.title, out);
        out.write(",\"kind\":");
        string(d.kind, out);
        out.write(",\"id\":");
        string(d.id, out);
        out.write(",\"viewLink\":");
        string(d.viewLink, out);
        out.write(",\"downloadLink\":");
        string(d.downloadLink, out);
        if (d.mimeType != null) {
            out.write(",\"mimeType\":");
            string(d.mimeType, out);
        }
        out.write(",\"dateModified\":");
        string(d.dateModified, out);
        if (d.size != null) {
            out.write(",\"size\":");
            out.write(Long.toString(d.size));
        }
        out.write(d.readOnly ? ",\"readOnly\":true}" : ",\"readOnly\":false}");
    }

    /** A JSON string: quotes, backslashes and control characters escaped, everything else as is. */
    static void string(String s, Writer out) throws IOException {
        out.write('"');
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\' || c < 0x20) {
                out.write(s, start, i - start);
                switch (c) {
                    case '"' -> out.write("\\\"");
                    case '\\' -> out.write("\\\\");
                    case '\n' -> out.write("\\n");
                    case '\r' -> out.write("\\r");
                    case '\t' -> out.write("\\t");
                    default -> out.write(String.format("\\u%04x", (int) c));
                }
                start = i + 1;
            }
        }
        out.write(s, start, s.length() - start);
        out.write('"');
    }
}
