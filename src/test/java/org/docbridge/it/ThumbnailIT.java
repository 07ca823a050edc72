package org.docbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** /thumbnail: width as asked (clamped), aspect kept, four formats, and the pixel bomb refused. */
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
        Store.write(dir, "bomb.png", pngHeaderOnly(100_000, 100_000));
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
    }

    @Test
    void aPixelBombIsRefusedBeforeDecodingAndTheServerCarriesOn() {
        String id = api.idOf("thumbnail/bomb.png");
        String error = api.get("thumbnail", "id", id).error(404);
        assertTrue(error.contains("100000 x 100000"), error);
        assertTrue(error.contains("docbridge.thumbnail.max-pixels"), error);
        assertEquals(200, api.get("thumbnail", "id", api.idOf("thumbnail/landscape.png")).status);
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

    /** A tiny PNG file whose header claims an enormous image: the decompression-bomb shape. */
    static byte[] pngHeaderOnly(int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(out);
        data.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(ihdr);
        h.writeInt(width);
        h.writeInt(height);
        h.write(new byte[] {8, 0, 0, 0, 0});
        chunk(data, "IHDR", ihdr.toByteArray());
        Deflater deflater = new Deflater();
        deflater.setInput(new byte[64 * 1024]);
        deflater.finish();
        byte[] compressed = new byte[4096];
        int n = deflater.deflate(compressed);
        chunk(data, "IDAT", java.util.Arrays.copyOf(compressed, n));
        chunk(data, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(DataOutputStream out, String type, byte[] body) throws IOException {
        out.writeInt(body.length);
        byte[] typeBytes = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.write(typeBytes);
        out.write(body);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(body);
        out.writeInt((int) crc.getValue());
    }
}
