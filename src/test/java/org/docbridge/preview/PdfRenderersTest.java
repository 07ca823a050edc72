package org.docbridge.preview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The renderer processes, started from the test's class path as the server starts them from the
 * WAR's renderer jar: pictures of the first page, and every hostile file refused within the time
 * limit by a process that is then replaced.
 */
class PdfRenderersTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(4);

    @TempDir
    static Path dir;

    static PdfRenderers renderers;

    @BeforeAll
    static void start() {
        renderers = new PdfRenderers(command("renderer", "96m"), 2, TIMEOUT);
        renderers.warm();
    }

    @AfterAll
    static void stop() {
        renderers.close();
    }

    private static BufferedImage render(String name, byte[] pdf, int width) throws IOException, PreviewRefused {
        Path file = TestPdfs.write(dir, name, pdf);
        return ImageIO.read(new ByteArrayInputStream(renderers.render(file, width, 1024, 100)));
    }

    @Test
    void theFirstPageOfATwentyPagePdfAtTheWidthAsked() throws Exception {
        BufferedImage page = render("report.pdf", TestPdfs.text(20), 200);
        assertEquals(200, page.getWidth());
        assertTrue(Math.abs(page.getHeight() - 283) <= 1, page.getHeight() + " high"); // A4: 595 x 842 points
        // the blue heading block is drawn where the page has it: near the top, not blank
        int rgb = page.getRGB(100, 22);
        assertTrue((rgb & 0xff) > 0x80 && ((rgb >> 16) & 0xff) < 0x80, Integer.toHexString(rgb));
        assertEquals(0xffffff, page.getRGB(5, 270) & 0xffffff); // and the margin white
    }

    @Test
    void aPageOfOneHundredThousandPointsSquareIsDrawnSmall() throws Exception {
        BufferedImage page = render("huge.pdf", TestPdfs.page(100_000, 100_000), 200);
        assertEquals(200, page.getWidth());
        assertEquals(200, page.getHeight());
    }

    @Test
    void aVeryTallPageIsFittedIntoTheHeightLimit() throws Exception {
        BufferedImage page = render("tall.pdf", TestPdfs.page(100, 100_000), 200);
        assertEquals(1024, page.getHeight());
        assertEquals(1, page.getWidth());
    }

    @Test
    void aPasswordProtectedPdfIsRefused() throws Exception {
        PreviewRefused refused = assertThrows(PreviewRefused.class, () -> render("locked.pdf", TestPdfs.encrypted(), 200));
        assertTrue(refused.getMessage().contains("password"), refused.getMessage());
    }

    @Test
    void morePagesThanTheLimitAreRefused() throws Exception {
        Path file = TestPdfs.write(dir, "long.pdf", TestPdfs.text(3));
        PreviewRefused refused = assertThrows(PreviewRefused.class, () -> renderers.render(file, 200, 1024, 2));
        assertTrue(refused.getMessage().contains("3 pages; the limit is 2 (docbridge.thumbnail.max-pages)"), refused.getMessage());
    }

    @Test
    void aFormDrawnTwoToTheFortyTimesIsStoppedAtTheTimeLimitAndItsRendererReplaced() throws Exception {
        long start = System.nanoTime();
        PreviewRefused refused = assertThrows(PreviewRefused.class, () -> render("forms.pdf", TestPdfs.exponentialForms(40), 200));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(refused.getMessage().contains("docbridge.thumbnail.timeout"), refused.getMessage());
        assertTrue(millis >= TIMEOUT.toMillis() && millis < TIMEOUT.toMillis() + 3000, millis + " ms");
        assertEquals(200, render("after-forms.pdf", TestPdfs.text(1), 200).getWidth());
    }

    /**
     * A few KB that inflate to a GiB: PDFBox reads content streams as it draws them, so the page is
     * drawn (blank) at once, well within the time limit.
     */
    @Test
    void aDecompressionBombIsDrawnBlankAtOnce() throws Exception {
        byte[] bomb = TestPdfs.decompressionBomb(1);
        assertTrue(bomb.length < 16 * 1024, bomb.length + " bytes");
        assertDrawnInTime("bomb.pdf", bomb);
    }

    @Test
    void deeplyNestedObjectsAreDrawnOrRefusedAtOnce() throws Exception {
        assertDrawnInTime("nested-arrays.pdf", TestPdfs.nested(200_000));
        PreviewRefused refused = assertThrows(PreviewRefused.class,
                () -> render("nested-dictionaries.pdf", TestPdfs.nestedDictionaries(100_000), 200));
        assertTrue(refused.getMessage().contains("no pages"), refused.getMessage());
    }

    @Test
    void aTruncatedPdfIsRefused() throws Exception {
        PreviewRefused refused = assertThrows(PreviewRefused.class, () -> render("truncated.pdf", TestPdfs.truncated(20), 200));
        assertEquals("the file is not a PDF docbridge can read", refused.getMessage());
    }

    @Test
    void aRendererThatRunsOutOfMemoryIsReplaced() throws Exception {
        try (PdfRenderers one = new PdfRenderers(command("small", "40m"), 1, TIMEOUT)) {
            Path file = TestPdfs.write(dir, "wide.pdf", TestPdfs.page(200, 200));
            // 200 points drawn 1,000 pixels wide need no more than 4 MB; 20,000 would need 1.6 GB
            PreviewRefused refused = assertThrows(PreviewRefused.class, () -> one.render(file, 20_000, 20_000, 10));
            assertTrue(refused.getMessage().contains("ran out of its 40m of memory (docbridge.thumbnail.renderer-memory)"),
                    refused.getMessage());
            assertEquals(1000, ImageIO.read(new ByteArrayInputStream(one.render(file, 1000, 1024, 10))).getWidth());
        }
    }

    /** A picture 200 wide, in well under the time limit (not stopped by it); the renderers work after it. */
    private static void assertDrawnInTime(String name, byte[] pdf) throws Exception {
        long start = System.nanoTime();
        assertEquals(200, render(name, pdf, 200).getWidth());
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < TIMEOUT.toMillis() / 2, millis + " ms");
        assertEquals(200, render("after-" + name, TestPdfs.text(1), 200).getWidth());
    }

    @Test
    void neverMoreProcessesThanTheSizeWhateverTheCallers() throws Exception {
        RendererCommand command = command("bounded", "64m");
        Path home = command.home();
        Path pdf = TestPdfs.write(dir, "bounded.pdf", TestPdfs.text(2));
        try (PdfRenderers two = new PdfRenderers(command, 2, TIMEOUT)) {
            two.warm(); // starting in the background while the callers below start asking
            java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(6);
            java.util.List<java.util.concurrent.Future<byte[]>> answers = new java.util.ArrayList<>();
            int most = 0;
            for (int i = 0; i < 30; i++) {
                answers.add(callers.submit(() -> two.render(pdf, 100, 1024, 10)));
            }
            while (answers.stream().anyMatch(f -> !f.isDone())) {
                most = Math.max(most, Math.max(two.live(), processes(home)));
                Thread.sleep(5);
            }
            for (java.util.concurrent.Future<byte[]> answer : answers) {
                assertTrue(answer.get().length > 0);
            }
            callers.shutdown();
            assertTrue(most <= 2, most + " renderer processes at once");
        }
    }

    @Test
    void aRendererKilledWhileIdleCostsNoRefusal() throws Exception {
        RendererCommand command = command("killed", "64m");
        Path home = command.home();
        Path pdf = TestPdfs.write(dir, "after-kill.pdf", TestPdfs.text(1));
        try (PdfRenderers one = new PdfRenderers(command, 1, TIMEOUT)) {
            assertEquals(100, ImageIO.read(new ByteArrayInputStream(one.render(pdf, 100, 1024, 10))).getWidth());
            ProcessHandle.current().descendants().filter(p -> commandLine(p).contains(home.toString()))
                    .forEach(p -> {
                        p.destroyForcibly();
                        p.onExit().join();
                    });
            assertEquals(100, ImageIO.read(new ByteArrayInputStream(one.render(pdf, 100, 1024, 10))).getWidth());
        }
    }

    /** Renderers run from the test's class path, as the server runs them from the WAR's jar; a folder of their own each. */
    private static RendererCommand command(String name, String memory) {
        return new RendererCommand(System.getProperty("java.class.path"), memory, dir.resolve(name));
    }

    private static int processes(Path home) {
        return (int) ProcessHandle.current().descendants().filter(p -> p.isAlive() && commandLine(p).contains(home.toString())).count();
    }

    private static String commandLine(ProcessHandle p) {
        return p.info().commandLine().orElse("");
    }
}
