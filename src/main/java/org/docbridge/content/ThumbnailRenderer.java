package org.docbridge.content;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Turns an image file into a PNG thumbnail with memory bounded by the limits, not by the file: the
 * file is read through a seekable stream that keeps nothing, its size and dimensions are checked
 * before anything is decoded, and it is decoded subsampled to at most twice the thumbnail's size in
 * each direction.
 */
final class ThumbnailRenderer {

    private static final Set<String> FORMATS = Set.of("png", "jpeg", "gif", "bmp");
    /** BMP compression types that wrap a whole JPEG or PNG, whose own header the limits never see. */
    private static final int BI_JPEG = 4;
    private static final int BI_PNG = 5;

    private ThumbnailRenderer() {
    }

    /** A PNG {@code width} pixels wide (never wider than the source), aspect ratio kept. */
    static byte[] render(SeekableByteChannel file, int width, ThumbnailLimits limits)
            throws IOException, Thumbnails.Refused {
        limits.checkSize(file.size());
        try (ImageInputStream images = new ChannelImageInputStream(file)) {
            ImageReader reader = readerFor(images);
            try {
                reader.setInput(images, true, true);
                int sourceWidth = reader.getWidth(0);
                int sourceHeight = reader.getHeight(0);
                limits.checkDimensions(sourceWidth, sourceHeight);
                // the width asked for, never wider than the image; a very tall image is fitted into
                // MAX_WIDTH in height too, so the output is bounded whatever the proportions
                double scale = Math.min((double) Math.min(width, sourceWidth) / sourceWidth,
                        (double) Thumbnails.MAX_WIDTH / sourceHeight);
                int targetWidth = (int) Math.max(1, Math.round(sourceWidth * scale));
                int targetHeight = (int) Math.max(1, Math.round(sourceHeight * scale));
                ImageReadParam param = reader.getDefaultReadParam();
                param.setSourceSubsampling(step(sourceWidth, targetWidth), step(sourceHeight, targetHeight), 0, 0);
                return png(scale(reader.read(0, param), targetWidth, targetHeight));
            } finally {
                reader.dispose();
            }
        }
    }

    /** The subsampling step that leaves at most twice the target's pixels in one direction. */
    private static int step(int source, int target) {
        long twice = 2L * target;
        return (int) Math.max(1, (source + twice - 1) / twice);
    }

    private static ImageReader readerFor(ImageInputStream images) throws Thumbnails.Refused, IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(images);
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            String format = reader.getFormatName().toLowerCase(Locale.ROOT);
            if (FORMATS.contains(format)) {
                if (format.equals("bmp")) {
                    refuseEmbeddedImage(images, reader);
                }
                return reader;
            }
            reader.dispose();
        }
        throw new Thumbnails.Refused("thumbnails are made for images (PNG, JPEG, GIF, BMP), PDFs and office documents only");
    }

    /**
     * A BMP may carry a whole JPEG or PNG, which the BMP reader reads into an array of the size the
     * BMP's header claims and decodes at the size the inner header claims: neither is what the
     * limits checked.
     */
    private static void refuseEmbeddedImage(ImageInputStream images, ImageReader reader)
            throws IOException, Thumbnails.Refused {
        images.mark();
        ByteOrder order = images.getByteOrder();
        try {
            images.setByteOrder(ByteOrder.LITTLE_ENDIAN);
            images.seek(14);
            long headerSize = images.readUnsignedInt();
            if (headerSize >= 40) { // BITMAPINFOHEADER and later: the compression follows width, height, planes, bits
                images.seek(30);
                long compression = images.readUnsignedInt();
                if (compression == BI_JPEG || compression == BI_PNG) {
                    reader.dispose();
                    throw new Thumbnails.Refused("thumbnails are not made of BMP files that wrap a JPEG or PNG");
                }
            }
        } finally {
            images.setByteOrder(order);
            images.reset();
        }
    }

    private static BufferedImage scale(BufferedImage source, int width, int height) {
        // an alpha channel only where the image has one: a photo's PNG is a quarter smaller without it
        BufferedImage target = new BufferedImage(width, height,
                source.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
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

    /** Encodes in memory: never through ImageIO's temporary files, whatever its global cache setting. */
    private static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(new IIOImage(image, null, null));
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
