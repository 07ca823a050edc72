package org.docbridge.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import org.docbridge.preview.TestPdfs;

/**
 * The soak's documents, written to the store's folder before the server starts, as an admin would
 * put them there: a shared library ({@code /library/shelf-NN}, read by every connection: texts of
 * varied sizes, pictures and PDFs that get thumbnails) and a folder per connection under
 * {@code /work}, with a few files each, where that connection writes.
 */
final class SoakTree {

    static final int SHELVES = 12;
    static final int PER_SHELF = 24;
    static final int OWN_FILES = 4;

    private SoakTree() {
    }

    static void write(Path documents, int clients) throws IOException {
        Random random = new Random(13);
        for (int s = 0; s < SHELVES; s++) {
            Path shelf = documents.resolve("library").resolve(String.format("shelf-%02d", s));
            for (int f = 0; f < PER_SHELF; f++) {
                String chapter = String.format("chapter-%02d", f % 10);
                switch (f % 8) {
                    case 0 -> Store.write(shelf, chapter + "-plan-" + f + ".png", picture(100 + random.nextInt(900)));
                    case 1 -> Store.write(shelf, chapter + "-photo-" + f + ".jpg", ThumbnailIT.image(
                            200 + random.nextInt(1200), 200 + random.nextInt(800), "jpeg"));
                    case 2 -> Store.write(shelf, chapter + "-report-" + f + ".pdf", TestPdfs.text(1 + random.nextInt(5)));
                    default -> Store.write(shelf, chapter + "-notes-" + f + ".txt", text(sizeOf(random)));
                }
            }
        }
        for (int c = 0; c < clients; c++) {
            Path own = documents.resolve("work").resolve(String.format("t%02d", c));
            for (int f = 0; f < OWN_FILES; f++) {
                Store.write(own, "start-" + f + ".txt", text(sizeOf(random)));
            }
            Store.folder(own, "kept");
        }
        Store.folder(documents, "fill"); // SoakIT's uploads that fill the server's pools before the first sample
    }

    /** Mostly small files, some of a few hundred kB, a few of several MB. */
    private static int sizeOf(Random random) {
        int r = random.nextInt(100);
        return r < 70 ? 100 + random.nextInt(20_000) : r < 95 ? 20_000 + random.nextInt(500_000)
                : 1_000_000 + random.nextInt(3_000_000);
    }

    static byte[] text(int size) {
        byte[] line = "docbridge soak: some text of a document of the library, line after line.\n"
                .getBytes(StandardCharsets.US_ASCII);
        byte[] content = new byte[size];
        for (int i = 0; i < size; i++) {
            content[i] = line[i % line.length];
        }
        return content;
    }

    static byte[] picture(int width) {
        try {
            return ThumbnailIT.image(width, Math.max(1, width * 3 / 4), "png");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
