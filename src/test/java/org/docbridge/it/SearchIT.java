package org.docbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonValue;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** /search: titles, case-insensitively, as plain text; scoped, ordered and paged like /files. */
class SearchIT extends ProductIT {


    @BeforeEach
    void tree() {
        Path dir = Store.fresh("search");
        Store.write(dir, "Quarterly QZXREPORT.pdf", "1");
        Store.write(dir, "nested/deeper/qzxreport draft (v2).docx", "2");
        Store.write(dir, "nested/unrelated.txt", "3");
        Store.folder(dir, "QZXReports archive");
        Store.write(dir, "regex/qzx.*[a-z]+.txt", "4");
        Store.write(dir, "regex/qzxabc.txt", "5");
        Store.write(dir, "other/Éléphant qzxé.txt", "6");
    }

    @Test
    void matchesTitlesAtAnyDepthIgnoringCaseFoldersFirst() {
        JsonArray found = api.get("search", "query", "QzXrEpOrT").array();
        assertEquals(List.of("QZXReports archive", "Quarterly QZXREPORT.pdf", "qzxreport draft (v2).docx"),
                api.titles(found));
        for (JsonValue v : found) {
            String id = v.asJsonObject().getString("id");
            assertEquals(v.asJsonObject(), api.get("metadata", "id", id).object());
        }
    }

    @Test
    void theQueryIsPlainTextNeverARegularExpression() {
        assertEquals(List.of("qzx.*[a-z]+.txt"), api.titles(api.get("search", "query", "qzx.*[a-z]+").array()));
        assertEquals(List.of(), api.titles(api.get("search", "query", "qzx[a-z]").array()));
        assertEquals(List.of(), api.titles(api.get("search", "query", "qzx(").array()));
    }

    @Test
    void nonAsciiQueriesMatch() {
        assertEquals(List.of("Éléphant qzxé.txt"), api.titles(api.get("search", "query", "éLÉPHANT").array()));
    }

    @Test
    void parentIdLimitsTheSearchToAFolder() {
        String nested = api.idOf("search/nested");
        assertEquals(List.of("qzxreport draft (v2).docx"),
                api.titles(api.get("search", "query", "qzxreport", "parentId", nested).array()));
    }

    @Test
    void maxAndOffsetPageTheResults() {
        List<String> all = api.titles(api.get("search", "query", "qzx").array());
        assertEquals(6, all.size());
        assertEquals(all.subList(0, 2), api.titles(api.get("search", "query", "qzx", "max", "2").array()));
        assertEquals(all.subList(2, 4),
                api.titles(api.get("search", "query", "qzx", "max", "2", "offset", "2").array()));
    }

    @Test
    void noMatchIsAnEmptyArray() {
        assertEquals("[]", api.get("search", "query", "nothing-is-called-this-qzx").body());
    }

    @Test
    void aMissingOrEmptyQueryIsABadRequest() {
        assertTrue(api.get("search").error(400).contains("query"));
        api.get("search", "query", "").error(400);
        api.get("search", "query", "   ").error(400);
        api.get("search", "query", "x", "max", "-5").error(400);
        api.get("search", "query", "x", "parentId", "AAAAAAAAAAAAAAAA").error(404);
    }
}
