package org.docbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No id a client invents reaches anything outside the store: every vector, on every endpoint that
 * takes an id, answers an error (400, 403 or 404) in the protocol's JSON and never a byte of the
 * secret files placed beside the store.
 */
class TraversalIT extends ProductIT {

    static final String MARKER = "TOP-SECRET-MARKER-7c1f";

    static Path secret;

    @BeforeEach
    void layout() throws Exception {
        Path outside = Store.outside("traversal");
        secret = Store.write(outside, "secret.txt", MARKER);
        Path dir = Store.fresh("traversal");
        Store.write(dir, "public.txt", "public");
        Files.createSymbolicLink(dir.resolve("link-out.txt"), secret);
        Files.createSymbolicLink(dir.resolve("link-out-dir"), outside);
        Files.createSymbolicLink(dir.resolve("link-up"), Store.WORK);
    }

    /** Raw (already percent-encoded as sent on the wire) values for an id parameter. */
    static Stream<String> vectors() {
        String abs = Store.WORK.resolve("outside-traversal/secret.txt").toString();
        return Stream.of(
                "..", "..%2F", "..%2F..%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd", "%2F..", "%2F%2Fetc%2Fpasswd",
                "%2e%2e", "%2e%2e%2f%2e%2e%2f", "%252e%252e%252f", "..%252f..%252f", "%25252e%25252e",
                "..%5C..%5Cetc%5Cpasswd", "%5C..%5C..", "..%255c", "C%3A%5CWindows%5Cwin.ini",
                "%5C%5C%3F%5CC%3A%5C", "public.txt%00", "%00", "traversal%2Fpublic.txt%00.pdf",
                "%c0%ae%c0%ae%c0%af", "%c0%ae%c0%ae%2f%c0%ae%c0%ae%2fetc", "%e0%80%ae%e0%80%ae%2f",
                "..%c0%af..%c0%af", "%c1%9c", "%25u002e%25u002e%25u2215", "....%2F%2F....%2F%2F", "..%3B%2F",
                ".%2e%2F.%2e%2F", "file%3A%2F%2F%2Fetc%2Fpasswd", "~%2F.ssh%2Fid_rsa",
                "traversal%2Fpublic.txt", "traversal%2Flink-out.txt", "..%2Foutside-traversal%2Fsecret.txt",
                "documents%2F..%2Foutside-traversal%2Fsecret.txt", Api.encode(abs),
                Api.encode(Base64.getUrlEncoder().withoutPadding().encodeToString("../outside-traversal/secret.txt"
                        .getBytes())),
                "AAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAA%2F", "%24%7Bjndi%3Aldap%3A%2F%2F127.0.0.1%2Fx%7D",
                "x".repeat(300), "%2F%2E%2E%2F%2E%2E");
    }

    static Stream<String> requests() {
        List<String> all = new ArrayList<>();
        vectors().forEach(v -> {
            all.add("api/metadata?id=" + v);
            all.add("api/files?parentId=" + v);
            all.add("api/download?id=" + v);
            all.add("api/thumbnail?id=" + v);
            all.add("api/search?query=secret&parentId=" + v);
        });
        return all.stream();
    }

    @ParameterizedTest
    @MethodSource("requests")
    void anInventedIdNeverServesAByteFromOutside(String request) {
        Api.Reply reply = api.raw("GET", request, Map.of("apiKey", Api.KEY, "username", Api.USER), false);
        assertTrue(reply.status == 400 || reply.status == 403 || reply.status == 404,
                request + " answered " + reply.status + ": " + reply.body());
        reply.error(reply.status);
        assertFalse(reply.body().contains(MARKER), request);
        assertFalse(reply.body().contains("root:x:0"), request);
        assertFalse(reply.body().contains(Store.WORK.toString()), request);
    }

    @Test
    void thereAreAtLeastThirtyVectors() {
        assertTrue(vectors().count() >= 30);
    }

    /**
     * Correctly signed links for invented ids (the test knows the server's link secret), so that
     * each request passes the signature check and reaches the store.
     */
    @Test
    void signedLinksForInventedIdsAreRefusedByTheStore() throws Exception {
        long expires = System.currentTimeMillis() / 1000 + 600;
        for (String raw : vectors().toList()) {
            String id = java.net.URLDecoder.decode(raw, java.nio.charset.StandardCharsets.UTF_8);
            String path = "links/download/" + Api.encode(id) + "?expires=" + expires
                    + "&signature=" + sign("download", id, expires);
            Api.Reply reply = api.raw("GET", path, Map.of(), false);
            // Payara answers a few malformed paths itself, before any application: an empty 200 for a
            // path ending in "/..", an empty 400 for one it cannot decode. Nothing is served either way.
            if (reply.header("Content-Type") == null) {
                assertTrue(reply.status == 200 || reply.status == 400, path + " -> " + reply.status);
                assertEquals(0, reply.bytes.length, path);
                continue;
            }
            assertTrue(reply.status == 400 || reply.status == 403 || reply.status == 404, path + " -> " + reply.status);
            reply.error(reply.status);
            assertFalse(reply.body().contains(MARKER), path);
        }
    }

    static String sign(String purpose, String id, long expires) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(LinksIT.SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "HmacSHA256"));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                mac.doFinal((purpose + "\n" + id + "\n" + expires).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void symlinksOutOfTheRootAreNeitherListedNorFound() {
        String dirId = api.idOf("traversal");
        assertEquals(List.of("public.txt"), api.titles(api.get("files", "parentId", dirId).array()));
        assertEquals(List.of(), api.titles(api.get("search", "query", "secret").array()));
        assertEquals(List.of(), api.titles(api.get("search", "query", "link-").array()));
    }

    @Test
    void aSymlinkSwappedOutOfTheRootAfterListingServesNothing() throws Exception {
        Path dir = Store.DOCUMENTS.resolve("traversal");
        Files.createSymbolicLink(dir.resolve("swapped.txt"), dir.resolve("public.txt"));
        String id = api.idOf("traversal/swapped.txt");
        assertEquals("public", api.get("download", "id", id).body());
        Files.delete(dir.resolve("swapped.txt"));
        Files.createSymbolicLink(dir.resolve("swapped.txt"), secret);
        for (String endpoint : List.of("metadata", "download", "thumbnail")) {
            Api.Reply reply = api.get(endpoint, "id", id);
            reply.error(404);
            assertFalse(reply.body().contains(MARKER));
        }
    }
}
