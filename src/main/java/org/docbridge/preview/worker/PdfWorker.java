package org.docbridge.preview.worker;

import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;

/**
 * Renders the first page of PDFs as PNGs, one request at a time, over its standard input and output.
 *
 * <p>The exchange (all numbers big-endian, strings as {@link DataOutputStream#writeUTF}): at start,
 * once PDFBox is loaded and has rendered a page of its own, the worker writes {@link #READY}. Then for
 * each request the server writes the PDF's path, the width wanted, the largest height allowed and
 * the most pages allowed; the worker answers {@link #OK}, the PNG's length and its bytes, or
 * {@link #REFUSED} and a message a user can read. Standard input closing ends the worker. Anything
 * PDFBox prints goes to standard error, which the server sends to the renderer's log file.
 */
public final class PdfWorker {

    public static final int READY = 0x52454459; // "REDY"
    public static final byte OK = 1;
    public static final byte REFUSED = 2;

    /** A substitute for a font that a PDF names but does not embed is routine, not news for the log (held: JUL forgets levels of loggers nobody holds). */
    private static final Logger FONT_LOG = Logger.getLogger("org.apache.pdfbox.pdmodel.font");

    private PdfWorker() {
    }

    public static void main(String[] args) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(System.in));
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(System.out, 64 * 1024));
        System.setOut(new PrintStream(System.err, true)); // nothing but answers on the answer stream
        FONT_LOG.setLevel(Level.SEVERE);
        warmUp();
        out.writeInt(READY);
        out.flush();
        while (true) {
            String path;
            try {
                path = in.readUTF();
            } catch (EOFException e) {
                return; // the server closed the pipe: it stopped, or let this worker go
            }
            int width = in.readInt();
            int maxHeight = in.readInt();
            int maxPages = in.readInt();
            byte[] png;
            try {
                png = render(new File(path), width, maxHeight, maxPages);
            } catch (Refused e) {
                answerRefused(out, e.getMessage());
                continue;
            } catch (InvalidPasswordException e) {
                answerRefused(out, "the PDF is protected by a password");
                continue;
            } catch (IOException | RuntimeException | StackOverflowError e) {
                System.err.println("docbridge renderer: " + path + ": " + e);
                answerRefused(out, "the file is not a PDF docbridge can read");
                continue;
            }
            out.writeByte(OK);
            out.writeInt(png.length);
            out.write(png);
            out.flush();
        }
    }

    private static void answerRefused(DataOutputStream out, String message) throws IOException {
        out.writeByte(REFUSED);
        out.writeUTF(message);
        out.flush();
    }

    /** Why a readable PDF gets no thumbnail. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The first page, {@code width} pixels wide and at most {@code maxHeight} high, aspect ratio kept.
     * Images inside the page are read subsampled to what the thumbnail needs.
     */
    static byte[] render(File pdf, int width, int maxHeight, int maxPages) throws IOException, Refused {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            int pages = document.getNumberOfPages();
            if (pages == 0) {
                throw new Refused("the PDF has no pages");
            }
            if (pages > maxPages) {
                throw new Refused("the PDF has " + pages + " pages; the limit is " + maxPages
                        + " (docbridge.thumbnail.max-pages)");
            }
            PDPage page = document.getPage(0);
            PDRectangle box = page.getCropBox();
            double pageWidth = box.getWidth();
            double pageHeight = box.getHeight();
            if (page.getRotation() % 180 != 0) {
                double swap = pageWidth;
                pageWidth = pageHeight;
                pageHeight = swap;
            }
            if (!(pageWidth >= 1 && pageHeight >= 1) || Double.isInfinite(pageWidth) || Double.isInfinite(pageHeight)) {
                throw new Refused("the PDF's first page has no size (" + pageWidth + " x " + pageHeight + " points)");
            }
            double scale = Math.min(width / pageWidth, maxHeight / pageHeight);
            PDFRenderer renderer = new PDFRenderer(document);
            renderer.setSubsamplingAllowed(true);
            BufferedImage image = renderer.renderImage(0, (float) scale, ImageType.RGB);
            ByteArrayOutputStream png = new ByteArrayOutputStream(32 * 1024);
            ImageIO.setUseCache(false);
            ImageIO.write(image, "png", png);
            return png.toByteArray();
        }
    }

    /**
     * Loads the classes a render needs and finds the system's fonts (PDFBox scans them once and keeps
     * the list in {@code pdfbox.fontcache}), so that the first real request is as fast as the next.
     */
    private static void warmUp() throws IOException {
        File sample = File.createTempFile("docbridge-warm-up", ".pdf");
        try {
            try (PDDocument document = new PDDocument()) {
                PDPage page = new PDPage(PDRectangle.A4);
                document.addPage(page);
                try (PDPageContentStream text = new PDPageContentStream(document, page)) {
                    text.beginText();
                    text.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                    text.newLineAtOffset(72, 720);
                    text.showText("docbridge");
                    text.endText();
                    text.addRect(72, 600, 200, 80);
                    text.fill();
                }
                document.save(sample);
            }
            for (int i = 0; i < 3; i++) {
                render(sample, 200, 1024, 1);
            }
        } catch (Refused e) {
            throw new IllegalStateException(e.getMessage(), e);
        } finally {
            sample.delete();
        }
    }
}
