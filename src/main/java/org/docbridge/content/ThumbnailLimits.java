package org.docbridge.content;

/**
 * What an image may be for docbridge to make a thumbnail of it: checked on the file's size before a
 * byte is read, and on the header's dimensions before a pixel is decoded. Width matters on its own:
 * the PNG reader allocates rows of the full width whatever the subsampling, so a 33,000,000 x 1 image
 * would take hundreds of MB although it has few pixels.
 */
record ThumbnailLimits(long maxBytes, int maxWidth, int maxHeight, long maxPixels) {

    void checkSize(long bytes) throws Thumbnails.Refused {
        if (bytes > maxBytes) {
            throw new Thumbnails.Refused("the file is too large for a thumbnail (" + bytes + " bytes; the limit is "
                    + maxBytes + " bytes, docbridge.thumbnail.max-bytes)");
        }
    }

    void checkDimensions(int width, int height) throws Thumbnails.Refused {
        if (width > maxWidth) {
            throw new Thumbnails.Refused("the image is too wide for a thumbnail (" + width + " x " + height
                    + " pixels; the limit is " + maxWidth + " pixels wide, docbridge.thumbnail.max-width)");
        }
        if (height > maxHeight) {
            throw new Thumbnails.Refused("the image is too tall for a thumbnail (" + width + " x " + height
                    + " pixels; the limit is " + maxHeight + " pixels high, docbridge.thumbnail.max-height)");
        }
        long pixels = (long) width * height;
        if (pixels > maxPixels) {
            throw new Thumbnails.Refused("the image is too large for a thumbnail (" + width + " x " + height
                    + " pixels; the limit is " + maxPixels + " pixels, docbridge.thumbnail.max-pixels)");
        }
    }
}
