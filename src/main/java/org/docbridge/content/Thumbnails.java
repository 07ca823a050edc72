package org.docbridge.content;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.docbridge.runtime.Settings;
import org.docbridge.store.DocumentStore;
import org.docbridge.store.Item;
import org.docbridge.web.ApiError;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Renders PNG thumbnails of PNG, JPEG, GIF and BMP images.
 *
 * <p>Thumbnails are the classic way to exhaust a server's memory with a small upload (an image
 * whose header claims 100,000 x 100,000 pixels) or a large one (a 1 x 1 image carrying 300 MB of
 * private chunks). So the file's size, and then the width, height and pixel count in its header, are
 * checked against the {@code docbridge.thumbnail.*} limits before any pixel is decoded, the file is
 * read without keeping what was read ({@link ThumbnailRenderer}), and at most as many thumbnails
 * are rendered at once as there are processors.
 */
@ApplicationScoped
public class Thumbnails {

    public static final int DEFAULT_WIDTH = 200;
    public static final int MAX_WIDTH = 1024;

    /** Why no thumbnail could be made. */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    @Inject
    @ConfigProperty(name = "docbridge.thumbnail.max-pixels", defaultValue = "50000000")
    long maxPixels;

    @Inject
    @ConfigProperty(name = "docbridge.thumbnail.max-bytes", defaultValue = "50M")
    String maxBytes;

    @Inject
    @ConfigProperty(name = "docbridge.thumbnail.max-width", defaultValue = "65535")
    int maxWidth;

    @Inject
    @ConfigProperty(name = "docbridge.thumbnail.max-height", defaultValue = "65535")
    int maxHeight;

    private ThumbnailLimits limits;
    private Semaphore slots;

    @PostConstruct
    void init() {
        limits = new ThumbnailLimits(Settings.bytes("docbridge.thumbnail.max-bytes", maxBytes),
                positive("docbridge.thumbnail.max-width", maxWidth), positive("docbridge.thumbnail.max-height", maxHeight),
                positive("docbridge.thumbnail.max-pixels", maxPixels));
        slots = new Semaphore(Runtime.getRuntime().availableProcessors(), true);
    }

    /** The pixel limit; calling it at start checks every thumbnail setting. */
    public long maxPixels() {
        return limits.maxPixels();
    }

    /**
     * A PNG {@code width} pixels wide (never wider than the source, and no taller than
     * {@link #MAX_WIDTH}), aspect ratio kept.
     */
    public byte[] render(DocumentStore store, Item item, int width) throws IOException, Refused {
        limits.checkSize(item.size()); // the cheap check first; the opened file's size is checked again
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
            return ThumbnailRenderer.render(content.channel(), width, limits);
        } catch (Refused | ApiError e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // a truncated or damaged image: whatever the decoder threw, there is no thumbnail
            throw new Refused("the file is not an image docbridge can read");
        } finally {
            slots.release();
        }
    }

    private static <N extends Number> N positive(String key, N value) {
        if (value.longValue() <= 0) {
            throw new IllegalStateException(key + ": '" + value + "' must be a positive number");
        }
        return value;
    }
}
