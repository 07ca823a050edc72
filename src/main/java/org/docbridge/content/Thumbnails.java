package org.docbridge.content;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.docbridge.store.DocumentStore;
import org.docbridge.store.Item;
import org.docbridge.web.ApiError;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Renders PNG thumbnails of PNG, JPEG, GIF and BMP images.
 *
 * <p>Thumbnails are the classic way to exhaust a server's memory with a small upload (an image
 * whose header claims 100,000 x 100,000 pixels). So the dimensions are read from the header first
 * and a source above {@code docbridge.thumbnail.max-pixels} is refused before any pixel is decoded;
 * the rest is decoded subsampled (never more than about twice the target width), and at most as
 * many thumbnails are rendered at once as there are processors.
 */
@ApplicationScoped
public class Thumbnails {

    public static final int DEFAULT_WIDTH = 200;
    public static final int MAX_WIDTH = 1024;
    private static final Set<String> FORMATS = Set.of("png", "jpeg", "gif", "bmp");

    /** Why no thumbnail could be made. */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    @Inject
    @ConfigProperty(name = "docbridge.thumbnail.max-pixels", defaultValue = "50000000")
    long maxPixels;

    private Semaphore slots;

    @PostConstruct
    void init() {
        ImageIO.setUseCache(false); // decode in memory, never into temp files
        slots = new Semaphore(Runtime.getRuntime().availableProcessors(), true);
    }

    public long maxPixels() {
        return maxPixels;
    }

    /**
     * A PNG {@code width} pixels wide (never wider than the source, and no taller than
     * {@link #MAX_WIDTH}), aspect ratio kept.
     */
    public byte[] render(DocumentStore store, Item item, int width) throws IOException, Refused {
        if (!slots.tryAcquire()) {
            try {
                if (!slots.tryAcquire(20, TimeUnit.SECONDS)) {
                    throw new ApiError(503, "the server is busy rendering other thumbnails; try again shortly");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiError(503, "the server is shutting down");
            }
        }
        try (DocumentStore.Content content = store.open(item.id())) {
            return png(image(content, width));
        } catch (Refused | ApiError e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // a truncated or damaged image: whatever the decoder threw, there is no thumbnail
            throw new Refused("the file is not an image docbridge can read");
        } finally {
            slots.release();
        }
    }

    private BufferedImage image(DocumentStore.Content content, int width) throws IOException, Refused {
        try (InputStream in = Channels.newInputStream(content.channel());
             ImageInputStream images = ImageIO.createImageInputStream(in)) {
            ImageReader reader = readerFor(images);
            try {
                reader.setInput(images, true, true);
                int sourceWidth = reader.getWidth(0);
                int sourceHeight = reader.getHeight(0);
                long pixels = (long) sourceWidth * sourceHeight;
                if (pixels > maxPixels) {
                    throw new Refused("the image is too large for a thumbnail (" + sourceWidth + " x " + sourceHeight
                            + " pixels; the limit is " + maxPixels + " pixels, docbridge.thumbnail.max-pixels)");
                }
                // the width asked for, never wider than the image; a very tall image is fitted into
                // MAX_WIDTH in height too, so the output is bounded whatever the proportions
                double scale = Math.min((double) Math.min(width, sourceWidth) / sourceWidth,
                        (double) MAX_WIDTH / sourceHeight);
                int targetWidth = (int) Math.max(1, Math.round(sourceWidth * scale));
                int targetHeight = (int) Math.max(1, Math.round(sourceHeight * scale));
                // decode at most about twice the target in each direction: bounded memory for any shape
                int stepX = (int) Math.max(1, sourceWidth / (targetWidth * 2L));
                int stepY = (int) Math.max(1, sourceHeight / (targetHeight * 2L));
                ImageReadParam param = reader.getDefaultReadParam();
                param.setSourceSubsampling(stepX, stepY, 0, 0);
                BufferedImage decoded = reader.read(0, param);
                return scale(decoded, targetWidth, targetHeight);
            } finally {
                reader.dispose();
            }
        }
    }

    private static ImageReader readerFor(ImageInputStream images) throws Refused, IOException {
        if (images == null) {
            throw new Refused("the file is not an image docbridge can read");
        }
        Iterator<ImageReader> readers = ImageIO.getImageReaders(images);
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            if (FORMATS.contains(reader.getFormatName().toLowerCase(java.util.Locale.ROOT))) {
                return reader;
            }
            reader.dispose();
        }
        throw new Refused("thumbnails are made for PNG, JPEG, GIF and BMP images only");
    }

    private static BufferedImage scale(BufferedImage source, int width, int height) {
        BufferedImage target = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = target.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(source, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return target;
    }

    private static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
