package org.docbridge.pages;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a page: its template inside the layout, with {@code {{t:key}}} replaced by the bundle's text
 * for the visitor's language, {@code {{v:name}}} by a value and {@code {{h:name}}} by HTML the caller
 * built (from escaped parts). Every text and value is HTML-escaped.
 */
@ApplicationScoped
public class Pages {

    /** The languages with a bundle; the first is the default. */
    public static final List<Locale> LANGUAGES = List.of(Locale.ENGLISH, Locale.ITALIAN);
    static final String BUNDLE = "org.docbridge.pages.messages";
    private static final Pattern SLOT = Pattern.compile("\\{\\{([tvh]):([A-Za-z0-9_.-]+)}}");
    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private final Map<String, String> templates = new ConcurrentHashMap<>();

    /** The visitor's language: the first of the browser's that has a bundle, else English. */
    public static Locale language(HttpHeaders headers) {
        List<Locale> acceptable;
        try {
            acceptable = headers.getAcceptableLanguages();
        } catch (RuntimeException malformed) {
            return LANGUAGES.get(0); // an Accept-Language the server cannot parse: the default language
        }
        for (Locale wanted : acceptable) {
            for (Locale offered : LANGUAGES) {
                if (offered.getLanguage().equals(wanted.getLanguage())) {
                    return offered;
                }
            }
        }
        return LANGUAGES.get(0);
    }

    /** The texts of {@code language}. */
    public static Texts texts(Locale language) {
        return new Texts(ResourceBundle.getBundle(BUNDLE, language, Pages.class.getClassLoader(), NO_FALLBACK), language);
    }

    /** One language's texts. */
    public record Texts(ResourceBundle bundle, Locale language) {
        public String get(String key, Object... args) {
            String text;
            try {
                text = bundle.getString(key);
            } catch (MissingResourceException e) {
                throw new IllegalStateException("the page text '" + key + "' is missing from " + BUNDLE);
            }
            return args.length == 0 ? text : new MessageFormat(text, language).format(args);
        }
    }

    /**
     * The page {@code name} ({@code WEB-INF/pages/<name>.html}) in the layout, as a response with
     * {@code status} and the pages' headers; {@code formTargets} are the other origins its forms may
     * lead to (a redirect after a form counts).
     */
    public Response render(ServletContext servlet, int status, String name, Texts texts, Map<String, String> values,
            String... formTargets) {
        String body = fill(template(servlet, name), texts, values);
        Map<String, String> withBody = new java.util.HashMap<>(values);
        withBody.put("body", body);
        withBody.put("lang", texts.language().getLanguage());
        withBody.put("static", servlet.getContextPath() + "/static");
        String page = fill(template(servlet, "layout"), texts, withBody);
        return headers(Response.status(status).entity(page).type("text/html; charset=UTF-8"), servlet, formTargets)
                .header("Content-Language", texts.language().getLanguage())
                .header("Vary", "Accept-Language, Cookie")
                .build();
    }

    /** The headers every page gets: no framing, no caching, no referrer, no other site's scripts or styles. */
    public static Response.ResponseBuilder headers(Response.ResponseBuilder response, ServletContext servlet,
            String... formTargets) {
        String forms = "'self'" + (formTargets.length == 0 ? "" : " " + String.join(" ", formTargets));
        return response.header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .header("X-Frame-Options", "DENY")
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self';"
                        + " form-action " + forms + "; frame-ancestors 'none'; base-uri 'none'");
    }

    private String template(ServletContext servlet, String name) {
        return templates.computeIfAbsent(name, n -> {
            try (InputStream in = servlet.getResourceAsStream("/WEB-INF/pages/" + n + ".html")) {
                if (in == null) {
                    throw new IllegalStateException("the page template WEB-INF/pages/" + n + ".html is missing");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    static String fill(String template, Texts texts, Map<String, String> values) {
        Matcher m = SLOT.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 512);
        while (m.find()) {
            String key = m.group(2);
            String replacement = switch (m.group(1)) {
                case "t" -> escape(texts.get(key));
                case "v" -> escape(required(values, key));
                default -> required(values, key);
            };
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String required(Map<String, String> values, String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalStateException("the page needs a value for '" + key + "'");
        }
        return value;
    }

    /** {@code text} safe inside HTML text and quoted attributes. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case '{' -> out.append("&#123;"); // a value can never become a slot of the layout
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
