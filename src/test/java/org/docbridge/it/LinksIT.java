package org.docbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** viewLink and downloadLink: open in a browser without Workfront's headers; tampering or age gets 403. */
class LinksIT extends ProductIT {

    /** The secret the test server is configured with (arquillian.xml), so that the test can sign. */
    static final String SECRET = "it-link-secret-for-the-integration-tests";

    JsonObject page;
    JsonObject other;

    @BeforeEach
    void files() {
        Path dir = Store.fresh("links");
        Store.write(dir, "page.html", "<html><script>alert(1)</script></html>");
        Store.write(dir, "other.txt", "other");
        page = api.find("links/page.html");
        other = api.find("links/other.txt");
    }

    @Test
    void theViewLinkOpensInlineWithoutHeadersAndCannotRunScripts() {
        Api.Reply reply = api.browser(page.getString("viewLink"), Map.of());
        assertEquals(200, reply.status);
        assertEquals("<html><script>alert(1)</script></html>", reply.body());
        assertTrue(reply.header("Content-Disposition").startsWith("inline;"));
        assertEquals("sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'",
                reply.header("Content-Security-Policy"));
        assertEquals("nosniff", reply.header("X-Content-Type-Options"));
    }

    @Test
    void theDownloadLinkIsAnAttachmentAndHonoursRanges() {
        Api.Reply reply = api.browser(other.getString("downloadLink"), Map.of());
        assertEquals(200, reply.status);
        assertEquals("other", reply.body());
        assertEquals("attachment; filename=\"other.txt\"", reply.header("Content-Disposition"));
        Api.Reply range = api.browser(other.getString("downloadLink"), Map.of("Range", "bytes=1-2"));
        assertEquals(206, range.status);
        assertEquals("th", range.body());
    }

    @Test
    void linksAreShortAbsoluteAndCarryNoPath() {
        for (String link : new String[] {page.getString("viewLink"), page.getString("downloadLink")}) {
            assertTrue(link.length() < 2048);
            assertTrue(link.startsWith("http://127.0.0.1:" + url.getPort() + "/"), link);
            assertFalse(link.contains("page.html"));
        }
    }

    @Test
    void linksLiveAsLongAsConfigured() {
        // DOCBRIDGE_LINKS_TTL=PT2H in the test server's environment; expiries are rounded up to the minute
        String link = other.getString("viewLink");
        long expires = Long.parseLong(link.replaceAll(".*expires=(\\d+).*", "$1"));
        long inTwoHours = System.currentTimeMillis() / 1000 + 7200;
        assertTrue(expires >= inTwoHours - 60 && expires <= inTwoHours + 120, link);
    }

    @Test
    void aTamperedLinkIsForbidden() {
        String link = other.getString("downloadLink");
        String signature = link.substring(link.indexOf("signature=") + 10);
        String flipped = (signature.charAt(0) == 'A' ? 'B' : 'A') + signature.substring(1);
        assertEquals("this link is not valid",
                api.browser(link.replace(signature, flipped), Map.of()).error(403));
        // another document's id under this signature
        assertEquals(403, api.browser(link.replace(other.getString("id"), page.getString("id")), Map.of()).status);
        // a later expiry under the same signature
        String expires = link.replaceAll(".*expires=(\\d+).*", "$1");
        assertEquals(403, api.browser(link.replace("expires=" + expires,
                "expires=" + (Long.parseLong(expires) + 3600)), Map.of()).status);
        // the download link's signature does not open the view route
        assertEquals(403, api.browser(link.replace("/links/download/", "/links/view/"), Map.of()).status);
        // no signature at all
        api.browser(link.substring(0, link.indexOf('?')), Map.of()).error(403);
    }

    @Test
    void anExpiredLinkIsForbiddenWhileAFreshOneSignedTheSameWayWorks() throws Exception {
        String id = other.getString("id");
        long past = System.currentTimeMillis() / 1000 - 60;
        long future = System.currentTimeMillis() / 1000 + 600;
        assertEquals("this link has expired; open the document from Workfront again",
                api.browser(link("download", id, past), Map.of()).error(403));
        assertEquals("other", api.browser(link("download", id, future), Map.of()).body());
    }

    private String link(String purpose, String id, long expires) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = Base64.getUrlEncoder().withoutPadding().encodeToString(
                mac.doFinal((purpose + "\n" + id + "\n" + expires).getBytes(StandardCharsets.UTF_8)));
        return api.root() + "links/" + purpose + "/" + id + "?expires=" + expires + "&signature=" + signature;
    }
}
