package org.docbridge.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.core.HttpHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The pages' texts and templates: escaping that leaves no markup and no slot in a value, English and
 * Italian bundles with the same keys, every text a template uses present in both, texts with an
 * argument formatting in both languages with their apostrophes intact, and slots filled safely.
 */
class PagesTest {

    static final Path TEMPLATES = Path.of("src/main/webapp/WEB-INF/pages");
    static final Pattern TEXT_SLOT = Pattern.compile("\\{\\{t:([A-Za-z0-9_.-]+)}}");

    /** One bundle file's own keys and values, without the parent's. */
    static Properties bundle(String file) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Pages.class.getResourceAsStream(file)) {
            assertTrue(in != null, file + " is on the classpath");
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }

    static Properties english() throws IOException {
        return bundle("messages.properties");
    }

    static Properties italian() throws IOException {
        return bundle("messages_it.properties");
    }

    /** Headers that only answer the browser's languages. */
    static HttpHeaders accepting(Locale... languages) {
        return (HttpHeaders) Proxy.newProxyInstance(PagesTest.class.getClassLoader(), new Class<?>[] {HttpHeaders.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getAcceptableLanguages")) {
                        return List.of(languages);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    // --- escaping --------------------------------------------------------------------------------

    @Test
    void escapeLeavesNoMarkupAndNoSlot() {
        assertEquals("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;", Pages.escape("<script>alert(\"x\")</script>"));
        assertEquals("Tom &amp; Jerry&#39;s", Pages.escape("Tom & Jerry's"));
        assertEquals("&#123;&#123;h:body}}", Pages.escape("{{h:body}}"));
        assertEquals("&amp;lt;", Pages.escape("&lt;"), "an entity is text too");
        assertEquals("plain text, àèìòù 会議 $1 \\ }", Pages.escape("plain text, àèìòù 会議 $1 \\ }"));
        assertEquals("", Pages.escape(""));
        for (String escaped : List.of(Pages.escape("<>&\"'{"), Pages.escape("{{v:x}}{{t:footer}}"))) {
            for (char c : "<>\"'{".toCharArray()) {
                assertFalse(escaped.indexOf(c) >= 0, c + " in " + escaped);
            }
        }
    }

    // --- bundles ---------------------------------------------------------------------------------

    @Test
    void englishAndItalianHaveTheSameKeysAndNoEmptyText() throws IOException {
        Properties en = english();
        Properties it = italian();
        Set<String> onlyEnglish = new TreeSet<>(en.stringPropertyNames());
        onlyEnglish.removeAll(it.stringPropertyNames());
        Set<String> onlyItalian = new TreeSet<>(it.stringPropertyNames());
        onlyItalian.removeAll(en.stringPropertyNames());
        assertEquals(Set.of(), onlyEnglish, "missing in Italian");
        assertEquals(Set.of(), onlyItalian, "missing in English");
        assertTrue(en.size() > 40, "the bundles were read: " + en.size());
        for (Properties p : List.of(en, it)) {
            for (String key : p.stringPropertyNames()) {
                assertFalse(p.getProperty(key).isBlank(), key);
            }
        }
    }

    @Test
    void everyTextATemplateUsesIsInBothLanguages() throws IOException {
        Properties en = english();
        Properties it = italian();
        List<Path> templates;
        try (Stream<Path> files = Files.list(TEMPLATES)) {
            templates = files.filter(f -> f.toString().endsWith(".html")).sorted().toList();
        }
        assertTrue(templates.size() >= 5, "templates found in " + TEMPLATES.toAbsolutePath() + ": " + templates);
        int used = 0;
        for (Path template : templates) {
            Matcher m = TEXT_SLOT.matcher(Files.readString(template));
            while (m.find()) {
                String key = m.group(1);
                assertTrue(en.containsKey(key), template.getFileName() + " uses " + key + ", not in English");
                assertTrue(it.containsKey(key), template.getFileName() + " uses " + key + ", not in Italian");
                assertFalse(en.getProperty(key).contains("{0"), key + " is shown without an argument");
                used++;
            }
        }
        assertTrue(used > 20, "texts used: " + used);
    }

    @Test
    void textsAreReadAsUtf8() {
        assertEquals("Questo modulo è scaduto", Pages.texts(Locale.ITALIAN).get("error.csrf.title"));
        assertEquals("Sign in", Pages.texts(Locale.ENGLISH).get("login.title"));
    }

    @Test
    void aLanguageWithoutABundleGetsEnglishWhateverTheServersOwnLanguage() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.ITALIAN);
            assertEquals("Sign in", Pages.texts(Locale.GERMAN).get("login.title"));
            assertEquals("Sign in", Pages.texts(Locale.ENGLISH).get("login.title"));
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void aMissingTextIsAnErrorNamingIt() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Pages.texts(Locale.ENGLISH).get("no.such.text"));
        assertTrue(e.getMessage().contains("no.such.text"), e.getMessage());
    }

    @Test
    void everyTextWithAnArgumentFormatsInBothLanguages() throws IOException {
        int checked = 0;
        for (Locale language : Pages.LANGUAGES) {
            Pages.Texts texts = Pages.texts(language);
            for (String key : new TreeSet<>(english().stringPropertyNames())) {
                String raw = texts.bundle().getString(key);
                if (!raw.contains("{0")) {
                    continue;
                }
                Object argument = key.equals("login.throttled") ? (Object) 42L : "x'{y}";
                String formatted = texts.get(key, argument);
                assertTrue(formatted.contains(key.equals("login.throttled") ? "42" : "x'{y}"), language + " " + key
                        + ": " + formatted);
                assertFalse(formatted.contains("{0"), language + " " + key + ": " + formatted);
                assertFalse(formatted.contains("''"), language + " " + key + ": " + formatted);
                // an apostrophe written alone in a text with an argument would vanish
                assertFalse(raw.replace("''", "").contains("'"), language + " " + key + " has a lone ': " + raw);
                checked++;
            }
        }
        assertTrue(checked >= 12, "texts with an argument: " + checked);
        String throttled = Pages.texts(Locale.ITALIAN).get("login.throttled", 300L);
        assertTrue(throttled.contains("Attendi 300 secondi"), throttled);
    }

    /**
     * Texts are shown two ways: one with an argument goes through MessageFormat (which turns {@code ''}
     * into an apostrophe and drops a lone one), one without is shown as written (templates and
     * {@code texts.get(key)}). Either way what the visitor reads has its apostrophes, single.
     */
    @Test
    void textsKeepTheirApostrophesAsTheyAreShown() throws IOException {
        Pages.Texts it = Pages.texts(Locale.ITALIAN);
        assertTrue(it.get("login.expired").contains("L'accesso"), it.get("login.expired"));
        assertTrue(it.get("consent.title").contains("l'accesso"), it.get("consent.title"));
        assertTrue(it.get("error.notfound.text").contains("c'è"), it.get("error.notfound.text"));
        List<String> doubled = new ArrayList<>();
        for (Locale language : Pages.LANGUAGES) {
            Pages.Texts texts = Pages.texts(language);
            for (String key : new TreeSet<>(english().stringPropertyNames())) {
                String raw = texts.bundle().getString(key);
                Object argument = key.equals("login.throttled") ? (Object) 42L : "x";
                String shown = raw.contains("{0") ? texts.get(key, argument) : texts.get(key);
                if (shown.contains("''")) {
                    doubled.add(language + " " + key + ": " + shown);
                }
                assertEquals(raw.replace("''", "'").chars().filter(c -> c == '\'').count(),
                        shown.chars().filter(c -> c == '\'').count(), language + " " + key + ": " + shown);
            }
        }
        assertEquals(List.of(), doubled, "shown with a doubled apostrophe");
    }

    // --- filling a template ----------------------------------------------------------------------

    @Test
    void fillReplacesTextsValuesAndHtml() {
        Pages.Texts en = Pages.texts(Locale.ENGLISH);
        String page = Pages.fill("<h1>{{t:login.title}}</h1><p>{{v:name}}</p><div>{{h:body}}</div><f>{{t:footer}}</f>",
                en, Map.of("name", "Ann", "body", "<em>ok</em>"));
        assertEquals("<h1>Sign in</h1><p>Ann</p><div><em>ok</em></div>"
                + "<f>docbridge connects Workfront to your company&#39;s documents.</f>", page);
    }

    @Test
    void fillEscapesValuesSoThatTheyStayText() {
        Pages.Texts en = Pages.texts(Locale.ENGLISH);
        String value = "<b onclick=\"x\">Tom & 'Jerry'</b> {{h:body}} {{t:footer}} $1 \\";
        String body = Pages.fill("<p title=\"{{v:v}}\">{{v:v}}</p>", en, Map.of("v", value));
        String escaped = "&lt;b onclick=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/b&gt; &#123;&#123;h:body}}"
                + " &#123;&#123;t:footer}} $1 \\";
        assertEquals("<p title=\"" + escaped + "\">" + escaped + "</p>", body);
        // put into the layout as the body, the value's slot is not filled: it stays literal text
        String page = Pages.fill("<main>{{h:body}}</main>", en, Map.of("body", body));
        assertEquals("<main>" + body + "</main>", page);
        assertFalse(page.contains("docbridge connects"));
    }

    @Test
    void aSlotWithoutAValueIsAnErrorNamingIt() {
        Pages.Texts en = Pages.texts(Locale.ENGLISH);
        IllegalStateException v = assertThrows(IllegalStateException.class,
                () -> Pages.fill("<p>{{v:missing}}</p>", en, Map.of()));
        assertTrue(v.getMessage().contains("missing"), v.getMessage());
        assertThrows(IllegalStateException.class, () -> Pages.fill("{{h:gone}}", en, Map.of()));
        assertThrows(IllegalStateException.class, () -> Pages.fill("{{t:no.such.text}}", en, Map.of()));
        // what is not a slot is left alone
        assertEquals("{{x:y}} {v:a} {{v:}}", Pages.fill("{{x:y}} {v:a} {{v:}}", en, Map.of()));
    }

    // --- the visitor's language ------------------------------------------------------------------

    @Test
    void theFirstOfTheBrowsersLanguagesWithABundleIsChosen() {
        assertEquals(Locale.ITALIAN, Pages.language(accepting(Locale.ITALY)));
        assertEquals(Locale.ITALIAN, Pages.language(accepting(Locale.forLanguageTag("it-CH"))));
        assertEquals(Locale.ITALIAN, Pages.language(accepting(Locale.FRENCH, Locale.forLanguageTag("it"),
                Locale.ENGLISH)));
        assertEquals(Locale.ENGLISH, Pages.language(accepting(Locale.UK, Locale.ITALIAN)));
        assertEquals(Locale.ENGLISH, Pages.language(accepting(Locale.GERMAN, Locale.JAPANESE)));
        assertEquals(Locale.ENGLISH, Pages.language(accepting()));
        assertEquals(Locale.ENGLISH, Pages.language(accepting(new Locale("*"))));
    }

    @Test
    void anAcceptLanguageTheServerCannotParseGivesTheDefaultLanguage() {
        HttpHeaders malformed = (HttpHeaders) Proxy.newProxyInstance(PagesTest.class.getClassLoader(),
                new Class<?>[] {HttpHeaders.class}, (proxy, method, args) -> {
                    throw new IllegalArgumentException("Accept-Language: it;q=x");
                });
        assertEquals(Locale.ENGLISH, Pages.language(malformed));
    }
}
