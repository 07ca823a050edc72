package org.docbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** /metadata and /files: the document object, order, paging, names, and every parameter error. */
class BrowseIT extends ProductIT {

    static final String ID = "[A-Za-z0-9_-]{16}";
    static final String RFC3339_MILLIS_UTC = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

    Path dir;
    String dirId;

    @BeforeEach
    void tree() {
        dir = Store.fresh("browse");
        Store.write(dir, "Report.pdf", "%PDF-1.4 pretend");
        Store.write(dir, "alpha.txt", "alpha");
        Store.write(dir, "Zebra.docx", "z");
        Store.write(dir, "empty.bin", new byte[0]);
        Store.folder(dir, "beta");
        Store.folder(dir, "Alpha folder");
        Store.folder(dir, "empty folder");
        Store.write(dir, ".hidden", "never listed");
        Store.folder(dir, ".git");
        dirId = api.idOf("browse");
    }

    @Test
    void rootIsSlashAndAMissingParentIdIsTheRoot() {
        JsonArray bySlash = api.get("files", "parentId", "/").array();
        JsonArray byNothing = api.get("files").array();
        assertEquals(api.titles(bySlash), api.titles(byNothing));
        assertTrue(api.titles(bySlash).contains("browse"));

        JsonObject root = api.get("metadata", "id", "/").object();
        assertEquals("/", root.getString("id"));
        assertEquals("folder", root.getString("kind"));
    }

    @Test
    void aFileIsDescribedFieldByField() {
        JsonObject file = api.find("browse/Report.pdf");
        assertEquals(List.of("title", "kind", "id", "viewLink", "downloadLink", "mimeType", "dateModified", "size",
                "readOnly"), List.copyOf(file.keySet()));
        assertEquals("Report.pdf", file.getString("title"));
        assertEquals("file", file.getString("kind"));
        assertTrue(file.getString("id").matches(ID), file.getString("id"));
        assertTrue(file.getString("viewLink").startsWith(api.root() + "links/view/"));
        assertTrue(file.getString("downloadLink").startsWith(api.root() + "links/download/"));
        assertTrue(file.getString("downloadLink").length() < 2048);
        assertEquals("application/pdf", file.getString("mimeType"));
        assertEquals("2024-03-01T09:15:30.123Z", file.getString("dateModified"));
        assertEquals(JsonValue.ValueType.NUMBER, file.get("size").getValueType());
        assertEquals(16, ((JsonNumber) file.get("size")).longValueExact());
        // no access rule names this folder and the default lets everybody write
        assertEquals(JsonValue.ValueType.FALSE, file.get("readOnly").getValueType());

        assertEquals(file, api.get("metadata", "id", file.getString("id")).object());
    }

    @Test
    void aFolderHasNoSizeAndEmptyLinks() {
        JsonObject folder = api.find("browse/beta");
        assertEquals("folder", folder.getString("kind"));
        assertEquals("", folder.getString("viewLink"));
        assertEquals("", folder.getString("downloadLink"));
        assertFalse(folder.containsKey("size"));
        assertFalse(folder.containsKey("mimeType"));
        assertTrue(folder.getString("dateModified").matches(RFC3339_MILLIS_UTC));
        assertEquals(folder, api.get("metadata", "id", folder.getString("id")).object());
    }

    @Test
    void foldersComeFirstThenFilesEachByTitleIgnoringCase() {
        assertEquals(List.of("Alpha folder", "beta", "empty folder", "alpha.txt", "empty.bin", "Report.pdf", "Zebra.docx"),
                api.titles(api.get("files", "parentId", dirId).array()));
    }

    @Test
    void hiddenFilesAreNeverListed() {
        List<String> titles = api.titles(api.get("files", "parentId", dirId).array());
        assertFalse(titles.contains(".hidden"));
        assertFalse(titles.contains(".git"));
        assertEquals(0, api.get("search", "query", "hidden").array().size());
    }

    @Test
    void maxAndOffsetCutExactSlices() {
        List<String> all = api.titles(api.get("files", "parentId", dirId).array());
        assertEquals(all.subList(0, 3), api.titles(api.get("files", "parentId", dirId, "max", "3").array()));
        assertEquals(all.subList(3, 6),
                api.titles(api.get("files", "parentId", dirId, "max", "3", "offset", "3").array()));
        assertEquals(all.subList(6, 7),
                api.titles(api.get("files", "parentId", dirId, "max", "3", "offset", "6").array()));
        assertEquals(all.subList(2, 7), api.titles(api.get("files", "parentId", dirId, "offset", "2").array()));
        assertEquals(List.of(), api.titles(api.get("files", "parentId", dirId, "offset", "7").array()));
        assertEquals(List.of(), api.titles(api.get("files", "parentId", dirId, "max", "0").array()));
    }

    @Test
    void anEmptyFolderListsAsAnEmptyArray() {
        assertEquals("[]", api.get("files", "parentId", api.idOf("browse/empty folder")).body());
    }

    @Test
    void aZeroByteFileHasSizeZero() {
        assertEquals(0, api.find("browse/empty.bin").getJsonNumber("size").longValueExact());
    }

    @Test
    void namesWithAccentsCjkEmojiSpacesPercentAndPlusRoundTrip() {
        List<String> names = List.of("Réunion d'été.txt", "会議資料.pdf", "plan 🚀 final.txt", "50% off + more.txt",
                "a+b=c&d.txt", "ﬁle NFC-vs-NFD é.txt", "tab\there.txt", "back\\slash \"quoted\".txt",
                "<script>.txt");
        Path unicode = Store.fresh("unicode");
        for (String name : names) {
            Store.write(unicode, name, name);
        }
        JsonArray listed = api.get("files", "parentId", api.idOf("unicode")).array();
        assertEquals(new HashSet<>(names), new HashSet<>(api.titles(listed)));
        for (JsonValue v : listed) {
            JsonObject doc = v.asJsonObject();
            String id = doc.getString("id");
            assertTrue(id.matches(ID), id);
            assertEquals(doc.getString("title"), api.get("metadata", "id", id).object().getString("title"));
            assertEquals(doc.getString("title"), api.get("download", "id", id).body());
        }
    }

    @Test
    void idsAreStableAcrossListingsAndAlwaysShortAndUrlSafe() throws Exception {
        Path deep = Store.fresh("deep");
        StringBuilder relative = new StringBuilder();
        for (int depth = 0; depth < 30; depth++) {
            relative.append("folder with a rather long name number ").append(depth).append('/');
        }
        Files.createDirectories(deep.resolve(relative.toString()));
        Store.write(deep, relative + "bottom.txt", "deep");
        String path = "deep/" + relative + "bottom.txt";
        String id = api.idOf(path);
        assertTrue(id.matches(ID) && id.length() <= 255, id);
        assertEquals("deep", api.get("download", "id", id).body());
        assertEquals(id, api.idOf(path));

        Set<String> first = new HashSet<>();
        api.get("files", "parentId", dirId).array().forEach(v -> first.add(v.asJsonObject().getString("id")));
        Set<String> second = new HashSet<>();
        api.get("files", "parentId", dirId).array().forEach(v -> second.add(v.asJsonObject().getString("id")));
        assertEquals(first, second);
        assertEquals(7, first.size());
    }

    @Test
    void idsNeverRevealTheServersPath() {
        String body = api.get("files", "parentId", dirId).body();
        assertFalse(body.contains(Store.DOCUMENTS.toString()));
        assertFalse(body.contains("browse/"));
    }

    @Test
    void parametersMayComeAsAFormBody() {
        String reportId = api.idOf("browse/Report.pdf");
        assertEquals("Report.pdf", api.postForm("metadata", "id=" + reportId).object().getString("title"));
        assertEquals(unsigned(api.get("files", "parentId", dirId).array()),
                unsigned(api.postForm("files", "parentId=" + dirId).array()));
        assertEquals(2, api.postForm("files", "parentId=" + dirId + "&max=2").array().size());
        // the query string wins over the body
        assertEquals(unsigned(api.get("files", "parentId", dirId).array()),
                unsigned(api.postForm("files?parentId=" + dirId, "parentId=%2F").array()));
        assertEquals(List.of("alpha.txt"),
                api.titles(api.postForm("search", "query=alpha.t&parentId=" + dirId).array()));
        assertEquals("alpha", api.postForm("download", "id=" + api.idOf("browse/alpha.txt")).body());
    }

    @Test
    void aDoubledSlashAndUnknownParametersAreTolerated() {
        Api.Reply reply = api.raw("GET", "api//files?parentId=" + dirId + "&utm_source=workfront&x=%2F",
                Map.of("apiKey", Api.KEY, "username", Api.USER), false);
        assertEquals(unsigned(api.get("files", "parentId", dirId).array()), unsigned(reply.array()));
    }

    /**
     * The listing with its links' expiry and signature left out: they move on at every full minute,
     * and two listings a moment apart may straddle one.
     */
    private static String unsigned(jakarta.json.JsonArray documents) {
        return documents.toString().replaceAll("\\?expires=\\d+&signature=[^\"]*", "");
    }

    @Test
    void unknownIdsAnswer404() {
        assertEquals("no document or folder has this id", api.get("metadata", "id", "AAAAAAAAAAAAAAAA").error(404));
        api.get("files", "parentId", "AAAAAAAAAAAAAAAA").error(404);
        api.get("metadata", "id", "x".repeat(300)).error(404);
        api.get("files", "parentId", "x".repeat(300)).error(404);
    }

    @Test
    void aFilesIdAsParentIdIsABadRequest() {
        assertEquals("the item is a file, not a folder",
                api.get("files", "parentId", api.idOf("browse/alpha.txt")).error(400));
    }

    @Test
    void missingAndInvalidParametersAnswer400() {
        assertEquals("missing parameter 'id'", api.get("metadata").error(400));
        api.get("metadata", "id", "").error(400);
        api.get("download").error(400);
        api.get("thumbnail").error(400);
        assertTrue(api.get("files", "parentId", dirId, "max", "-1").error(400).contains("max"));
        assertTrue(api.get("files", "parentId", dirId, "max", "abc").error(400).contains("max"));
        assertTrue(api.get("files", "parentId", dirId, "offset", "1.5").error(400).contains("offset"));
        assertTrue(api.get("files", "parentId", dirId, "max", "99999999999").error(400).contains("max"));
    }

    @Test
    void unknownRoutesAndWrongMethodsAnswerTheErrorJson() {
        api.get("no-such-endpoint").error(404);
        api.raw("GET", "api/", Map.of("apiKey", Api.KEY, "username", Api.USER), false).error(404);
        api.raw("DELETE", "api/metadata?id=%2F", Map.of("apiKey", Api.KEY, "username", Api.USER), false).error(405);
    }

    @Test
    void listingsNeverAnswerHtml() {
        for (String path : List.of("api/files", "api/metadata?id=%2F", "api/nope", "links/view/x", "nothing-here")) {
            Api.Reply reply = api.raw("GET", path, Map.of("apiKey", Api.KEY, "username", Api.USER), false);
            assertNotEquals(null, reply.header("Content-Type"), path);
            assertFalse(reply.header("Content-Type").contains("html"), path);
            assertFalse(reply.body().toLowerCase().contains("<html"), path);
        }
    }
}
