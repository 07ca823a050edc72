package org.docbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A viewLink in a real browser (Debian's Chromium, headless): a PDF shows in Chromium's own viewer
 * under docbridge's inline policy, and an HTML or SVG file runs no script and fetches nothing from a
 * third party (a receiver on 127.0.0.1). Each hostile file is first opened from the receiver itself,
 * without the policy, to show that this browser would run and fetch everything the file asks for.
 */
class InlineViewIT extends ProductIT {

    static final String POLICY = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'";
    /** The share of the screen that the PDF's red page covers once the viewer has drawn it. */
    static final double RED_SHARE = 0.2;

    static ChromeDriver chrome;
    static Receiver receiver;

    Path dir;

    @BeforeAll
    static void start() throws IOException {
        receiver = new Receiver();
        receiver.answer("/pixel.png", "image/png", ThumbnailIT.image(4, 4, "png"));
        receiver.answer("/style.css", "text/css", "h1 { color: red }");
        receiver.answer("/script.js", "text/javascript", "document.documentElement.setAttribute('data-remote', 'ran');");
        chrome = Chromium.start();
    }

    @AfterAll
    static void stop() {
        if (chrome != null) {
            chrome.quit();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @BeforeEach
    void folder() {
        dir = Store.fresh("inline-view");
    }

    @Test
    void aPdfShowsInChromiumsOwnViewer() throws IOException {
        Store.write(dir, "red.pdf", redPagePdf());
        String link = api.find("inline-view/red.pdf").getString("viewLink");
        assertEquals(POLICY, api.browser(link, Map.of()).header("Content-Security-Policy"));
        chrome.get(link);
        // the viewer draws about a second after the page has loaded; before that the screen is grey
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        double red = redShare();
        while (red < RED_SHARE && System.nanoTime() < deadline) {
            sleep(250);
            red = redShare();
        }
        assertTrue(red >= RED_SHARE, "the PDF's red page covers " + Math.round(red * 100) + "% of the screen");
        assertEquals(link, chrome.getCurrentUrl());
    }

    @Test
    void anHtmlFileRunsNoScriptAndFetchesNothingFromElsewhere() {
        String page = """
                <!DOCTYPE html>
                <html><head><title>untouched</title>
                <link rel="stylesheet" href="R/style.css">
                <style>@import url("R/imported.css"); h1 { background-image: url("R/background.png") }</style>
                <script src="R/script.js"></script>
                <script>
                  document.title = 'script ran';
                  document.documentElement.setAttribute('data-script', 'ran');
                  fetch('R/fetch');
                </script>
                </head><body><h1>Quarterly report</h1><img src="R/pixel.png" alt="">
                <iframe src="R/frame.html"></iframe></body></html>
                """.replace("R/", receiver.url("/"));
        List<String> control = openFromTheReceiver("/control.html", "text/html", page);
        assertEquals("script ran", chrome.getTitle());
        assertTrue(control.containsAll(List.of("/style.css", "/script.js", "/fetch", "/pixel.png")), control.toString());

        Store.write(dir, "page.html", page);
        openViewLink("inline-view/page.html");
        assertEquals("Quarterly report", chrome.findElement(By.tagName("h1")).getText());
        assertEquals("untouched", chrome.getTitle());
        assertNull(attribute("data-script"));
        assertNull(attribute("data-remote"));
        assertEquals(List.of(), afterAMoment());
    }

    @Test
    void anSvgFileRunsNoScriptAndFetchesNothingFromElsewhere() {
        String drawing = """
                <svg xmlns="http://www.w3.org/2000/svg" width="400" height="200">
                <style>@import url("R/imported.css"); text { fill: url("R/paint.svg#p") }</style>
                <image href="R/pixel.png" x="0" y="0" width="100" height="100"/>
                <script>
                  document.documentElement.setAttribute('data-script', 'ran');
                  fetch('R/fetch');
                </script>
                <text x="10" y="150">Quarterly report</text>
                </svg>
                """.replace("R/", receiver.url("/"));
        List<String> control = openFromTheReceiver("/control.svg", "image/svg+xml", drawing);
        assertEquals("ran", attribute("data-script"));
        assertTrue(control.containsAll(List.of("/fetch", "/pixel.png")), control.toString());

        Store.write(dir, "drawing.svg", drawing);
        openViewLink("inline-view/drawing.svg");
        assertEquals("Quarterly report", chrome.findElement(By.tagName("text")).getText());
        assertNull(attribute("data-script"));
        assertEquals(List.of(), afterAMoment());
    }

    /** Opens the file as the third party serves it, with no policy: what the browser fetched for it. */
    private List<String> openFromTheReceiver(String path, String type, String content) {
        receiver.take();
        receiver.answer(path, type, content);
        chrome.get(receiver.url(path));
        awaitLoaded();
        List<String> fetched = afterAMoment();
        assertTrue(fetched.contains(path), fetched.toString());
        return fetched;
    }

    private void openViewLink(String file) {
        String link = api.find(file).getString("viewLink");
        receiver.take();
        chrome.get(link);
        awaitLoaded();
        assertEquals(link, chrome.getCurrentUrl()); // shown, not downloaded
    }

    private void awaitLoaded() {
        new WebDriverWait(chrome, Duration.ofSeconds(10))
                .until(d -> "complete".equals(chrome.executeScript("return document.readyState")));
    }

    /** What reached the receiver, after a moment for late requests (a fetch, a lazy image). */
    private static List<String> afterAMoment() {
        sleep(1500);
        return new ArrayList<>(receiver.take());
    }

    private String attribute(String name) {
        return (String) chrome.executeScript("return document.documentElement.getAttribute(arguments[0])", name);
    }

    private static double redShare() {
        try {
            BufferedImage shot = ImageIO.read(new ByteArrayInputStream(chrome.getScreenshotAs(OutputType.BYTES)));
            long red = 0;
            for (int y = 0; y < shot.getHeight(); y++) {
                for (int x = 0; x < shot.getWidth(); x++) {
                    int rgb = shot.getRGB(x, y);
                    if (((rgb >> 16) & 0xff) > 200 && ((rgb >> 8) & 0xff) < 60 && (rgb & 0xff) < 60) {
                        red++;
                    }
                }
            }
            return (double) red / ((long) shot.getWidth() * shot.getHeight());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A one-page PDF whose page is filled red: easy to see on a screenshot, and nowhere else on it. */
    static byte[] redPagePdf() {
        String content = "1 0 0 rg 0 0 612 792 re f\n";
        String[] objects = {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << >> /Contents 4 0 R >>",
            "<< /Length " + content.length() + " >>\nstream\n" + content + "endstream",
        };
        StringBuilder pdf = new StringBuilder("%PDF-1.4\n");
        List<Integer> offsets = new ArrayList<>();
        for (int i = 0; i < objects.length; i++) {
            offsets.add(pdf.length());
            pdf.append(i + 1).append(" 0 obj\n").append(objects[i]).append("\nendobj\n");
        }
        int xref = pdf.length();
        pdf.append("xref\n0 ").append(objects.length + 1).append("\n0000000000 65535 f \n");
        for (int offset : offsets) {
            pdf.append(String.format("%010d 00000 n \n", offset));
        }
        pdf.append("trailer\n<< /Size ").append(objects.length + 1).append(" /Root 1 0 R >>\nstartxref\n")
                .append(xref).append("\n%%EOF\n");
        return pdf.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
