package org.docbridge.preview;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * PDFs for the thumbnail tests, made with PDFBox or written byte by byte where the file must be one
 * that no library would write: the hostile ones.
 */
public final class TestPdfs {

    private TestPdfs() {
    }

    /** {@code pages} A4 pages of text, each with its number in large white type on a blue block. */
    public static byte[] text(int pages) throws IOException {
        try (PDDocument document = new PDDocument()) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (int p = 1; p <= pages; p++) {
                PDPage page = new PDPage(PDRectangle.A4);
                document.addPage(page);
                try (PDPageContentStream s = new PDPageContentStream(document, page)) {
                    s.setNonStrokingColor(0.1f, 0.3f, 0.7f);
                    s.addRect(50, 700, 495, 90);
                    s.fill();
                    s.setNonStrokingColor(1f, 1f, 1f);
                    s.beginText();
                    s.setFont(font, 36);
                    s.newLineAtOffset(60, 730);
                    s.showText("Quarterly report, page " + p);
                    s.endText();
                    s.setNonStrokingColor(0f, 0f, 0f);
                    s.beginText();
                    s.setFont(font, 11);
                    s.setLeading(14);
                    s.newLineAtOffset(60, 660);
                    for (int line = 0; line < 40; line++) {
                        s.showText("Line " + line + ": the figures of the quarter, by region and by product, as agreed.");
                        s.newLine();
                    }
                    s.endText();
                }
            }
            return save(document);
        }
    }

    /** One page of {@code width} x {@code height} points. */
    public static byte[] page(float width, float height) throws IOException {
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage(new PDRectangle(width, height));
            document.addPage(page);
            try (PDPageContentStream s = new PDPageContentStream(document, page)) {
                s.setNonStrokingColor(0.9f, 0.5f, 0.1f);
                s.addRect(0, 0, width / 2, height / 2);
                s.fill();
            }
            return save(document);
        }
    }

    /** Text under a user password: no thumbnail without it. */
    public static byte[] encrypted() throws IOException {
        try (PDDocument document = org.apache.pdfbox.Loader.loadPDF(text(2))) {
            StandardProtectionPolicy policy = new StandardProtectionPolicy("owner-secret", "user-secret", new AccessPermission());
            policy.setEncryptionKeyLength(256);
            document.protect(policy);
            return save(document);
        }
    }

    /** The first half of a PDF of {@code pages} pages. */
    public static byte[] truncated(int pages) throws IOException {
        byte[] whole = text(pages);
        return java.util.Arrays.copyOf(whole, whole.length / 2);
    }

    /**
     * A page whose content stream is {@code gib} GiB of spaces, deflated twice: a few KB on disk. A
     * renderer that decodes it runs out of memory or out of time, whichever comes first.
     */
    public static byte[] decompressionBomb(int gib) {
        byte[] once = deflate(gib);
        byte[] twice = deflate(once);
        return pdf("<< /Length " + twice.length + " /Filter [/FlateDecode /FlateDecode] >>", twice, "");
    }

    /**
     * A page whose form draws another form twice, which draws another twice, {@code depth} levels
     * down: 2^depth lines from a file of a few KB. Rendering it never ends in practice; the renderer
     * must be stopped by the time limit.
     */
    public static byte[] exponentialForms(int depth) {
        StringBuilder objects = new StringBuilder();
        int first = 5; // objects 1-4: catalog, pages, page, page content
        for (int level = 0; level < depth; level++) {
            int number = first + level;
            String body = level == depth - 1
                    ? "0 0 m 10 10 l S"
                    : "q /F Do Q q 1 0 0 1 0.001 0 cm /F Do Q";
            String resources = level == depth - 1 ? "" : " /Resources << /XObject << /F " + (number + 1) + " 0 R >> >>";
            objects.append(number).append(" 0 obj\n<< /Type /XObject /Subtype /Form /BBox [0 0 100 100]")
                    .append(resources).append(" /Length ").append(body.length()).append(" >>\nstream\n")
                    .append(body).append("\nendstream\nendobj\n");
        }
        String content = "/F Do";
        return pdf("<< /Length " + content.length() + " >>", content.getBytes(StandardCharsets.ISO_8859_1),
                " /Resources << /XObject << /F " + first + " 0 R >> >>", objects.toString());
    }

    /** A page whose content has an array nested {@code depth} levels deep. */
    public static byte[] nested(int depth) {
        String content = "[".repeat(depth) + "]".repeat(depth) + " pop";
        return pdf("<< /Length " + content.length() + " >>", content.getBytes(StandardCharsets.ISO_8859_1), "");
    }

    /** A page of nested dictionaries {@code depth} levels deep in the page object itself. */
    public static byte[] nestedDictionaries(int depth) {
        String nest = "<< /A ".repeat(depth) + "1" + " >>".repeat(depth);
        return pdf("<< /Length 0 >>", new byte[0], " /Deep " + nest);
    }

    private static byte[] pdf(String contentDictionary, byte[] content, String pageExtra) {
        return pdf(contentDictionary, content, pageExtra, "");
    }

    /** A one-page PDF whose objects are written here; PDFBox finds them without a cross-reference table. */
    private static byte[] pdf(String contentDictionary, byte[] content, String pageExtra, String moreObjects) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, "%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n"
                + "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
                + "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
                + "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R" + pageExtra + " >>\nendobj\n"
                + "4 0 obj\n" + contentDictionary + "\nstream\n");
        out.writeBytes(content);
        write(out, "\nendstream\nendobj\n" + moreObjects + "trailer\n<< /Root 1 0 R >>\n%%EOF\n");
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static byte[] deflate(int gib) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] spaces = new byte[1 << 20];
        java.util.Arrays.fill(spaces, (byte) ' ');
        byte[] buffer = new byte[64 * 1024];
        for (long i = 0; i < (long) gib << 10; i++) {
            deflater.setInput(spaces);
            while (!deflater.needsInput()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    private static byte[] save(PDDocument document) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        document.save(out);
        return out.toByteArray();
    }

    /** Writes {@code content} as {@code name} in {@code dir}. */
    public static Path write(Path dir, String name, byte[] content) throws IOException {
        Files.createDirectories(dir);
        return Files.write(dir.resolve(name), content);
    }
}
