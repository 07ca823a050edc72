package org.docbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.docbridge.content.TestImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * /thumbnail: width as asked (clamped), aspect kept, four formats, and the images that would exhaust
 * the test server's 256 MB heap refused at once: a pixel bomb, a file larger than the size limit, rows
 * wider than the width limit.
 */
class ThumbnailIT extends ProductIT {


    @BeforeAll
    static void images() throws IOException {
        System.setProperty("java.awt.headless", "true");
        Path dir = Store.fresh("thumbnail");
        Store.write(dir, "landscape.png", image(800, 600, "png"));
        Store.write(dir, "wide.jpg", image(3000, 1500, "jpeg"));
        Store.write(dir, "square.gif", image(400, 400, "gif"));
        Store.write(dir, "strip.bmp", image(300, 100, "bmp"));
        Store.write(dir, "tiny.png", image(40, 20, "png"));
        Store.write(dir, "tall.png", image(10, 40_000, "png"));
        Store.write(dir, "bomb.png", TestImages.pngHeaderOnly(60_000, 60_000, 8, TestImages.RGB));
        Store.write(dir, "notes.txt", "not an image");
        Store.write(dir, "document.pdf", "%PDF-1.7\nnot rendered: PDFs get no thumbnail");
        Store.write(dir, "fake.png", "not a png either");
        Store.folder(dir, "folder");
    }

    @ParameterizedTest(name = "{0} size={1} -> {2}x{3}")
    @CsvSource({
        "landscape.png, '',   200, 150",
        "landscape.png, 100,  100, 75",
        "wide.jpg,      5000, 1024, 512",
        "wide.jpg,      1024, 1024, 512",
        "square.gif,    50,   50, 50",
        "strip.bmp,     '',   200, 67",
        "tiny.png,      200,  40, 20",
        "tall.png,      200,  1, 1024",
    })
    void widthIsAsAskedAspectKeptAndClamped(String name, String size, int width, int height) throws IOException {
        String id = api.idOf("thumbnail/" + name);
        Api.Reply reply = size.isEmpty() ? api.get("thumbnail", "id", id) : api.get("thumbnail", "id", id, "size", size);
        assertEquals(200, reply.status, reply.body());
        assertEquals("image/png", reply.header("Content-Type"));
        BufferedImage thumbnail = ImageIO.read(new ByteArrayInputStream(reply.bytes));
        assertEquals(width, thumbnail.getWidth());
        assertEquals(height, thumbnail.getHeight());
        if (name.equals("landscape.png") && size.isEmpty()) {
            Store.sample("image.png", reply.bytes);
        }
    }

    @Test
    void aPixelBombIsRefusedBeforeDecodingAndTheServerCarriesOn() {
        String id = api.idOf("thumbnail/bomb.png");
        String error = api.get("thumbnail", "id", id).error(404);
        assertTrue(error.contains("60000 x 60000"), error);
        assertTrue(error.contains("docbridge.thumbnail.max-pixels"), error);
        assertEquals(200, api.get("thumbnail", "id", api.idOf("thumbnail/landscape.png")).status);
    }

    @Test
    void aOnePixelPngCarrying300MbOfChunksIsRefusedAtOnceAndTheServerCarriesOn() throws IOException {
        Path dir = Store.fresh("thumbnail-chunks");
        TestImages.pngWithPrivateChunks(dir.resolve("chunks-300mb.png"), 3, 100 << 20);
        String id = api.idOf("thumbnail-chunks/chunks-300mb.png");
        long start = System.nanoTime();
        String error = api.get("thumbnail", "id", id).error(404);
        assertAnsweredWithinSeconds(10, start);
        assertTrue(error.contains("docbridge.thumbnail.max-bytes"), error);
        assertServerCarriesOn();
        Store.delete(dir);
    }

    @Test
    void aOnePixelPngWithChunksUnderTheSizeLimitIsReadPastThemForItsThumbnail() throws IOException {
        Path dir = Store.fresh("thumbnail-small-chunks");
        TestImages.pngWithPrivateChunks(dir.resolve("chunks-45mb.png"), 3, 15 << 20);
        Api.Reply reply = api.get("thumbnail", "id", api.idOf("thumbnail-small-chunks/chunks-45mb.png"));
        assertEquals(200, reply.status, reply.body());
        BufferedImage thumbnail = ImageIO.read(new ByteArrayInputStream(reply.bytes));
        assertEquals(1, thumbnail.getWidth());
        assertEquals(1, thumbnail.getHeight());
        Store.delete(dir);
    }

    /**
     * One 16-bit RGBA row is 8 bytes a pixel, and the PNG reader holds it three times whatever the
     * subsampling: 33,000,000 pixels (the image) and 15,000,000 (under the test server's pixel
     * limit, so only the width limit stops it) would both take more than the whole heap.
     */
    @ParameterizedTest(name = "{0} x 1")
    @CsvSource({"33000000", "15000000"})
    void aRowWiderThanTheLimitIsRefusedAtOnceAndTheServerCarriesOn(int width) throws IOException {
        Path dir = Store.fresh("thumbnail-row");
        // a name of its own: the two headers have the same size, and Store.write gives every file the same time,
        // so one name would have one ETag, and the second case the first one's cached answer
        Store.write(dir, "row-" + width + ".png", TestImages.pngHeaderOnly(width, 1, 16, TestImages.RGBA));
        long start = System.nanoTime();
        String error = api.get("thumbnail", "id", api.idOf("thumbnail-row/row-" + width + ".png")).error(404);
        assertAnsweredWithinSeconds(10, start);
        assertTrue(error.contains(width + " x 1"), error);
        assertTrue(error.contains("docbridge.thumbnail.max-width"), error);
        assertServerCarriesOn();
    }

    private static void assertAnsweredWithinSeconds(int seconds, long start) {
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < seconds * 1000L, "answered after " + millis + " ms");
    }

    /** The next thumbnail and listing work as ever: no OutOfMemoryError left the server half-broken. */
    private void assertServerCarriesOn() {
        assertEquals(200, api.get("thumbnail", "id", api.idOf("thumbnail/landscape.png")).status);
        assertEquals(200, api.get("files", "parentId", "/").status);
    }

    @Test
    void foldersAndNonImagesHaveNoThumbnail() {
        api.get("thumbnail", "id", api.idOf("thumbnail/folder")).error(404);
        api.get("thumbnail", "id", api.idOf("thumbnail/notes.txt")).error(404);
        api.get("thumbnail", "id", api.idOf("thumbnail/fake.png")).error(404);
        api.get("thumbnail", "id", api.idOf("thumbnail/document.pdf")).error(404);
        api.get("thumbnail", "id", "/").error(404);
        api.get("thumbnail", "id", "AAAAAAAAAAAAAAAA").error(404);
    }

    @Test
    void aBadSizeIsABadRequest() {
        String id = api.idOf("thumbnail/landscape.png");
        assertTrue(api.get("thumbnail", "id", id, "size", "abc").error(400).contains("size"));
        api.get("thumbnail", "id", id, "size", "-3").error(400);
        api.get("thumbnail", "id", id, "size", "0").error(400);
    }

    static byte[] image(int width, int height, String format) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLUE);
        g.fillOval(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(image, format, out)) {
            throw new IllegalStateException("no writer for " + format);
        }
        return out.toByteArray();
    }
}
