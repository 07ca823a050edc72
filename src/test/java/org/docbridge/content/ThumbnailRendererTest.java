package org.docbridge.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The thumbnail decoder's memory follows the limits, not the file: what the calling thread allocates
 * while rendering (the decoder runs on it) is measured, and must stay far below the file's size or the
 * rows its header claims.
 */
class ThumbnailRendererTest {

    static final Path DIR = Path.of("target", "thumbnail-renderer-test");
    static final ThumbnailLimits DEFAULTS = new ThumbnailLimits(50L << 20, 65535, 65535, 50_000_000);
    static final long MB = 1 << 20;

    /** What one render did: the bytes this thread allocated, and the thumbnail or why there is none. */
    record Outcome(long allocated, byte[] png, Exception failure) {

        BufferedImage image() throws IOException {
            assertNull(failure, () -> "no thumbnail: " + failure);
            return ImageIO.read(new ByteArrayInputStream(png));
        }

        String refusal() {
            assertInstanceOf(Thumbnails.Refused.class, failure);
            return failure.getMessage();
        }
    }

    @BeforeAll
    static void warmUp() throws Exception {
        System.setProperty("java.awt.headless", "true");
        // ImageIO's plugin registry and the PNG classes load once; that is not the render's cost
        render(TestImages.png16(DIR.resolve("warm-up.png"), 64, 64), 32, DEFAULTS).image();
    }

    @Test
    void aOnePixelPngCarrying300MbOfPrivateChunksIsReadWithoutKeepingThem() throws Exception {
        Path file = TestImages.pngWithPrivateChunks(DIR.resolve("chunks-300mb.png"), 3, 100 << 20);
        assertTrue(Files.size(file) > 300 * MB);
        ThumbnailLimits noSizeLimit = new ThumbnailLimits(Long.MAX_VALUE, 65535, 65535, 50_000_000);
        Outcome outcome = render(file, 200, noSizeLimit);
        assertTrue(outcome.allocated < 4 * MB, "rendering allocated " + outcome.allocated / MB + " MB for a 300 MB file");
        assertEquals(1, outcome.image().getWidth());
        assertEquals(1, outcome.image().getHeight());
    }

    @Test
    void aFileOverTheSizeLimitIsRefusedBeforeItIsRead() throws Exception {
        Path file = TestImages.pngWithPrivateChunks(DIR.resolve("chunks-60mb.png"), 3, 20 << 20);
        Outcome outcome = render(file, 200, DEFAULTS);
        assertTrue(outcome.allocated < MB, "refusing allocated " + outcome.allocated / MB + " MB");
        assertTrue(outcome.refusal().contains(Files.size(file) + " bytes"), outcome.refusal());
        assertTrue(outcome.refusal().contains("docbridge.thumbnail.max-bytes"), outcome.refusal());
    }

    @Test
    void aRowOf33MillionSixteenBitPixelsIsRefusedBeforeItsRowBuffersAreAllocated() throws Exception {
        // 33,000,000 pixels are under the pixel limit, but one row of them is 264 MB to the PNG reader
        Path file = Files.write(DIR.resolve("row-33m.png"), TestImages.pngHeaderOnly(33_000_000, 1, 16, TestImages.RGBA));
        Outcome outcome = render(file, 200, DEFAULTS);
        assertTrue(outcome.allocated < MB, "refusing allocated " + outcome.allocated / MB + " MB");
        assertTrue(outcome.refusal().contains("33000000 x 1"), outcome.refusal());
        assertTrue(outcome.refusal().contains("docbridge.thumbnail.max-width"), outcome.refusal());
    }

    @Test
    void aColumnOverTheHeightLimitIsRefused() throws Exception {
        Path file = Files.write(DIR.resolve("column.png"), TestImages.pngHeaderOnly(1, 70_000, 8, TestImages.GRAY));
        assertTrue(render(file, 200, DEFAULTS).refusal().contains("docbridge.thumbnail.max-height"));
    }

    @Test
    void aBmpWrappingAPngIsRefusedBeforeTheInnerImageIsRead() throws Exception {
        // the BMP's header says 1 x 1; the PNG inside says 33,000,000 x 1
        byte[] inner = TestImages.pngHeaderOnly(33_000_000, 1, 16, TestImages.RGBA);
        Path file = Files.write(DIR.resolve("wrapping.bmp"), TestImages.bmpWrapping(inner));
        Outcome outcome = render(file, 200, DEFAULTS);
        assertTrue(outcome.allocated < MB, "refusing allocated " + outcome.allocated / MB + " MB");
        assertTrue(outcome.refusal().contains("BMP"), outcome.refusal());
    }

    @Test
    void aLargeImageIsDecodedAtMostTwiceTheThumbnailsSize() throws Exception {
        // 3000 x 3000 at 16-bit RGBA is 72 MB decoded whole (115 MB allocated to render it that way);
        // subsampled to at most 2048 x 2048 it is 32 MB decoded, plus a conversion for drawing
        Path file = TestImages.png16(DIR.resolve("large-16bit.png"), 3000, 3000);
        Outcome outcome = render(file, 1024, DEFAULTS);
        assertTrue(outcome.allocated < 48 * MB, "rendering allocated " + outcome.allocated / MB + " MB");
        assertEquals(1024, outcome.image().getWidth());
    }

    @Test
    void aPhotoGetsNoAlphaChannelAndATransparentImageKeepsIt() throws Exception {
        java.awt.image.BufferedImage photo = new java.awt.image.BufferedImage(400, 300, java.awt.image.BufferedImage.TYPE_INT_RGB);
        Path jpeg = DIR.resolve("photo.jpg");
        javax.imageio.ImageIO.write(photo, "jpeg", jpeg.toFile());
        assertTrue(!render(jpeg, 200, DEFAULTS).image().getColorModel().hasAlpha(), "a JPEG's thumbnail has no alpha");
        // 16-bit RGBA: transparent pixels stay transparent
        Path rgba = TestImages.png16(DIR.resolve("rgba.png"), 64, 64);
        assertTrue(render(rgba, 32, DEFAULTS).image().getColorModel().hasAlpha(), "an RGBA image's thumbnail keeps its alpha");
    }

    private static Outcome render(Path file, int width, ThumbnailLimits limits) throws IOException {
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            long before = allocated();
            try {
                byte[] png = ThumbnailRenderer.render(channel, width, limits);
                return new Outcome(allocated() - before, png, null);
            } catch (Thumbnails.Refused | IOException | RuntimeException e) {
                return new Outcome(allocated() - before, null, e);
            }
        }
    }

    /** Bytes allocated by this thread so far, garbage included. */
    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
