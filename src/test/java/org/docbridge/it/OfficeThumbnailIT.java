package org.docbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * /thumbnail of office documents through LibreOffice (which the tests need installed, as CI does):
 * every format docbridge names, made by LibreOffice here, shows its first page; a file that only has
 * an office document's name does not. The pictures are kept in {@code target/thumbnail-samples} (the
 * README shows them).
 */
class OfficeThumbnailIT extends ProductIT {

    private static Map<String, Path> documents;

    @BeforeAll
    static void documents() throws Exception {
        documents = OfficeDocuments.all();
        Path dir = Store.fresh("office");
        for (Map.Entry<String, Path> d : documents.entrySet()) {
            Store.write(dir, "sample." + d.getKey(), Files.readAllBytes(d.getValue()));
        }
        Store.write(dir, "pretend.docx", "plain text under an office document's name");
    }

    @Test
    void everyOfficeFormatShowsItsFirstPage() throws IOException {
        for (String format : documents.keySet()) {
            Api.Reply reply = api.get("thumbnail", "id", api.idOf("office/sample." + format));
            assertEquals(200, reply.status, format + ": " + reply.body());
            BufferedImage page = ImageIO.read(new ByteArrayInputStream(reply.bytes));
            assertEquals(200, page.getWidth(), format);
            if (format.startsWith("pp") || format.equals("odp")) {
                assertTrue(page.getHeight() < page.getWidth(), format + ": a slide is wider than high");
                assertTrue(blue(page.getRGB(60, page.getHeight() * 2 / 3)), format + ": the slide's blue box is drawn");
            } else {
                assertTrue(page.getHeight() > page.getWidth(), format + ": a page is higher than wide");
                assertTrue(inked(page), format + ": the page has text on it");
            }
            Store.sample(format + ".png", reply.bytes);
        }
    }

    @Test
    void aFileWithOnlyAnOfficeNameHasNoThumbnail() {
        String error = api.get("thumbnail", "id", api.idOf("office/pretend.docx")).error(404);
        assertTrue(error.contains("images (PNG, JPEG, GIF, BMP), PDFs and office documents"), error);
    }

    private static boolean blue(int rgb) {
        return (rgb & 0xff) > 0x80 && ((rgb >> 16) & 0xff) < 0x60;
    }

    /** Enough grey or dark pixels in the upper half for lines of small text. */
    private static boolean inked(BufferedImage page) {
        int dark = 0;
        for (int y = 0; y < page.getHeight() / 2; y++) {
            for (int x = 0; x < page.getWidth(); x++) {
                int rgb = page.getRGB(x, y);
                if (((rgb >> 16) & 0xff) < 0xc0 && ((rgb >> 8) & 0xff) < 0xc0 && (rgb & 0xff) < 0xc0) {
                    dark++;
                }
            }
        }
        return dark > 300;
    }
}
