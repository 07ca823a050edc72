package org.docbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The write path's settings, on a server configured with small values: docbridge.name-conflict=refuse,
 * docbridge.upload.max-bytes=1M, docbridge.upload.session-ttl=PT4S, and one hidden name:
 * docbridge.access.rules={@code * none /limits/Layoffs.xlsx}.
 */
@ExtendWith(ArquillianExtension.class)
class WriteLimitsIT {

    static final int LIMIT = 1024 * 1024;
    static final Path AUDIT = Store.WORK.resolve("audit/strict.log");

    @Deployment(testable = false)
    @TargetsContainer("payara-micro-strict")
    static WebArchive deployment() throws IOException {
        // an audit file left readable by others (by an admin, or by an older docbridge): the start tightens it
        Files.createDirectories(AUDIT.getParent());
        if (!Files.exists(AUDIT)) {
            Files.createFile(AUDIT);
        }
        Files.setPosixFilePermissions(AUDIT, PosixFilePermissions.fromString("rw-r--r--"));
        return Deployments.product();
    }

    @ArquillianResource
    URL url;

    Api api;
    Path folder;
    String folderId;

    @BeforeEach
    void client() {
        api = new Api(url);
        folder = Store.fresh("limits");
        folderId = api.idOf("limits");
    }

    @Test
    void withTheRefusePolicyATakenNameIsAnError() {
        Store.write(folder, "report.pdf", "existing");
        String message = api.call("POST", "uploadInit", "parentId", folderId, "filename", "report.pdf").error(400);
        assertTrue(message.contains("report.pdf"), message);
        api.call("POST", "createFolder", "parentId", folderId, "name", "report.pdf").error(400);
        assertEquals(List.of("report.pdf"), api.titles(api.get("files", "parentId", folderId).array()));
        assertEquals("existing", api.get("download", "id", api.idOf("limits/report.pdf")).body());
    }

    @Test
    void withTheRefusePolicyAClashWithAnItemTheUserMayNotSeeRevealsNothing() throws IOException {
        // the answer for a name a rule hides while nothing holds it
        String free = api.call("POST", "uploadInit", "parentId", folderId, "filename", "Layoffs.xlsx").error(403);
        assertEquals(free, api.call("POST", "createFolder", "parentId", folderId, "name", "Layoffs.xlsx").error(403));

        Store.write(folder, "Layoffs.xlsx", "the list");
        // a link the user does not see, since it leads to the hidden file; no rule names it
        Files.createSymbolicLink(folder.resolve("shortcut.xlsx"), folder.resolve("Layoffs.xlsx"));
        assertEquals(List.of(), api.titles(api.get("files", "parentId", folderId).array()));
        for (String name : List.of("Layoffs.xlsx", "shortcut.xlsx")) {
            assertEquals(free, api.call("POST", "uploadInit", "parentId", folderId, "filename", name).error(403));
            assertEquals(free, api.call("POST", "createFolder", "parentId", folderId, "name", name).error(403));
        }
        assertFalse(free.contains("Layoffs") || free.contains("already"), free);
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(List.of("Layoffs.xlsx", "shortcut.xlsx"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void anUploadOverTheLimitIsRefusedBeforeOrWhileItStreams() throws IOException {
        String id = api.call("POST", "uploadInit", "parentId", folderId, "filename", "big.bin").ok().object()
                .getString("id");
        api.upload(id, "small".getBytes(StandardCharsets.UTF_8)).ok();

        // declared too large: refused at once
        String declared = api.upload(id, new byte[LIMIT + 1]).uploadError(413);
        assertTrue(declared.contains("docbridge.upload.max-bytes"), declared);
        // chunked, so only counting can tell
        api.uploadChunked(id, () -> new ByteArrayInputStream(new byte[3 * LIMIT])).uploadError(413);

        // the previous content stays, nothing partial is left
        assertEquals("small", api.get("download", "id", id).body());
        assertEquals(List.of("big.bin"), api.titles(api.get("files", "parentId", folderId).array()));
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(List.of("big.bin"), files.map(p -> p.getFileName().toString()).toList());
        }
        // exactly the limit is fine
        api.upload(id, new byte[LIMIT]).ok();
        assertEquals(LIMIT, api.get("metadata", "id", id).object().getInt("size"));
    }

    @Test
    void anAbandonedPlaceholderExpiresAndACompletedUploadStays() throws Exception {
        String abandoned = api.call("POST", "uploadInit", "parentId", folderId, "filename", "abandoned.txt").ok()
                .object().getString("id");
        String completed = api.sendTo(folderId, "completed.txt", new byte[0]).getString("id");
        assertEquals(List.of("abandoned.txt", "completed.txt"), api.titles(api.get("files", "parentId", folderId).array()));

        // sessions last 4 s; the expiry runs every 2 s
        for (int i = 0; i < 100 && Files.exists(folder.resolve("abandoned.txt")); i++) {
            Thread.sleep(100);
        }
        assertFalse(Files.exists(folder.resolve("abandoned.txt")));
        api.get("metadata", "id", abandoned).error(404);
        assertEquals(List.of("completed.txt"), api.titles(api.get("files", "parentId", folderId).array()));
        assertEquals(0, api.get("metadata", "id", completed).object().getInt("size"));

        // once the session is over, the id takes no more uploads
        String message = api.upload(completed, "late".getBytes(StandardCharsets.UTF_8)).uploadError(400);
        assertTrue(message.contains("session"), message);
        api.upload(abandoned, "late".getBytes(StandardCharsets.UTF_8)).uploadError(404);
    }

    @Test
    void theAuditFileIsReadableByTheServersUserOnly() throws Exception {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(AUDIT)));
    }

    @Test
    void everyWriteLeavesOneAuditLineInTheAuditFile() throws Exception {
        Path audit = AUDIT;
        long before = Files.exists(audit) ? Files.readAllLines(audit).size() : 0;
        String id = api.call("POST", "uploadInit", "parentId", folderId, "filename", "audited é.txt",
                "documentId", "0123456789abcdef0123456789abcdef").ok().object().getString("id");
        api.upload(id, "12345".getBytes(StandardCharsets.UTF_8)).ok();
        api.call("PUT", "rename", "id", id, "name", "renamed.txt").ok();
        api.as("other@example.com").call("PUT", "delete", "id", id).ok();
        api.call("POST", "createFolder", "parentId", folderId, "name", "bad/name").error(400);

        List<String> lines = Files.readAllLines(audit, StandardCharsets.UTF_8);
        List<String> mine = lines.subList((int) before, lines.size());
        assertEquals(5, mine.size(), String.join("\n", mine));
        String time = "\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z ";
        assertTrue(mine.get(0).matches(time + "user=someone@example.com op=uploadInit parent=[\\w-]{16}"
                + " name=\"audited é.txt\" documentId=0123456789abcdef0123456789abcdef id=" + id + " result=ok ms=\\d+"),
                mine.get(0));
        assertTrue(mine.get(1).matches(time + "user=someone@example.com op=upload id=" + id
                + " name=\"audited é.txt\" bytes=5 result=ok ms=\\d+"), mine.get(1));
        assertTrue(mine.get(2).matches(time + "user=someone@example.com op=rename id=" + id
                + " name=renamed.txt from=\"audited é.txt\" result=ok ms=\\d+"), mine.get(2));
        assertTrue(mine.get(3).matches(time + "user=other@example.com op=delete id=" + id
                + " name=renamed.txt kind=file result=ok ms=\\d+"), mine.get(3));
        assertTrue(mine.get(4).matches(time + "user=someone@example.com op=createFolder parent=[\\w-]{16}"
                + " name=bad/name result=failed error=\".+\" ms=\\d+"), mine.get(4));
    }
}
