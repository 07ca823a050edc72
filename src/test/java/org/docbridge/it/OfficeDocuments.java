package org.docbridge.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Office documents of every kind docbridge previews, made by LibreOffice from three flat OpenDocument
 * files written here: a text, a spreadsheet and a presentation, each saved in its three formats. Made
 * once into {@code target/it-office} and kept there for the next runs.
 */
final class OfficeDocuments {

    static final Path DIR = Path.of(System.getProperty("it.work", "target/it")).toAbsolutePath().getParent().resolve("it-office");

    /** Each format, and the flat file and LibreOffice filter it is made with. */
    static final Map<String, String[]> FORMATS = Map.of(
            "docx", new String[] {"text.fodt", "docx:MS Word 2007 XML"},
            "doc", new String[] {"text.fodt", "doc:MS Word 97"},
            "odt", new String[] {"text.fodt", "odt"},
            "xlsx", new String[] {"sheet.fods", "xlsx:Calc MS Excel 2007 XML"},
            "xls", new String[] {"sheet.fods", "xls:MS Excel 97"},
            "ods", new String[] {"sheet.fods", "ods"},
            "pptx", new String[] {"slides.fodp", "pptx:Impress MS PowerPoint 2007 XML"},
            "ppt", new String[] {"slides.fodp", "ppt:MS PowerPoint 97"},
            "odp", new String[] {"slides.fodp", "odp"});

    private static final String NS = "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
            + " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\""
            + " xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\""
            + " xmlns:draw=\"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0\""
            + " xmlns:svg=\"urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0\""
            + " xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\""
            + " xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\" office:version=\"1.2\"";

    private OfficeDocuments() {
    }

    /** LibreOffice's soffice, or a failure that says how to install it. */
    static Path soffice() {
        for (String candidate : new String[] {"/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice"}) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        throw new IllegalStateException("the office thumbnail tests need LibreOffice: apt-get install --no-install-recommends"
                + " libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui (see the README)");
    }

    /**
     * The document of each format, made when missing: one LibreOffice process for each of the three
     * sources at a time, each with a profile of its own (two conversions on one profile fail).
     */
    static Map<String, Path> all() throws Exception {
        Files.createDirectories(DIR);
        writeSources();
        Path soffice = soffice();
        Map<String, List<String>> bySource = new java.util.TreeMap<>();
        FORMATS.forEach((format, how) -> bySource.computeIfAbsent(how[0], k -> new ArrayList<>()).add(format));
        ExecutorService pool = Executors.newFixedThreadPool(bySource.size());
        try {
            List<Future<?>> made = new ArrayList<>();
            for (Map.Entry<String, List<String>> source : bySource.entrySet()) {
                made.add(pool.submit(() -> {
                    Path profile = DIR.resolve("profile-" + base(source.getKey()));
                    for (String format : source.getValue()) {
                        Path target = DIR.resolve(base(source.getKey()) + "." + format);
                        if (!Files.isRegularFile(target) || Files.size(target) == 0) {
                            convert(soffice, profile, DIR.resolve(source.getKey()), FORMATS.get(format)[1], target);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : made) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        Map<String, Path> documents = new java.util.TreeMap<>();
        FORMATS.forEach((format, how) -> documents.put(format, DIR.resolve(base(how[0]) + "." + format)));
        return documents;
    }

    private static String base(String file) {
        return file.substring(0, file.indexOf('.'));
    }

    private static void convert(Path soffice, Path profile, Path source, String filter, Path target)
            throws IOException, InterruptedException {
        Path out = Files.createTempDirectory(DIR, "out-");
        Process p = new ProcessBuilder(soffice.toString(), "-env:UserInstallation=" + profile.toUri(), "--headless",
                "--norestore", "--convert-to", filter, "--outdir", out.toString(), source.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new IllegalStateException("LibreOffice took more than 2 minutes to make " + target);
        }
        String extension = target.getFileName().toString().substring(target.getFileName().toString().lastIndexOf('.') + 1);
        Path made = out.resolve(base(source.getFileName().toString()) + "." + extension);
        if (!Files.isRegularFile(made)) {
            throw new IllegalStateException("LibreOffice made no " + target.getFileName() + " from " + source.getFileName());
        }
        Files.move(made, target);
        Files.delete(out);
    }

    private static void writeSources() throws IOException {
        StringBuilder paragraphs = new StringBuilder();
        for (int i = 1; i <= 30; i++) {
            paragraphs.append("<text:p>Paragraph ").append(i).append(": the figures of the quarter, by region and by product.</text:p>");
        }
        write("text.fodt", "<office:document " + NS + " office:mimetype=\"application/vnd.oasis.opendocument.text\">"
                + "<office:body><office:text><text:h text:outline-level=\"1\">Quarterly report</text:h>" + paragraphs
                + "</office:text></office:body></office:document>");
        StringBuilder rows = new StringBuilder();
        for (int r = 0; r < 40; r++) {
            rows.append("<table:table-row>");
            for (int c = 0; c < 6; c++) {
                rows.append(r == 0 ? "<table:table-cell office:value-type=\"string\"><text:p>Column " + c + "</text:p></table:table-cell>"
                        : "<table:table-cell office:value-type=\"float\" office:value=\"" + (r * 100 + c) + "\"><text:p>"
                        + (r * 100 + c) + "</text:p></table:table-cell>");
            }
            rows.append("</table:table-row>");
        }
        write("sheet.fods", "<office:document " + NS + " office:mimetype=\"application/vnd.oasis.opendocument.spreadsheet\">"
                + "<office:body><office:spreadsheet><table:table table:name=\"Sales\">" + rows
                + "</table:table></office:spreadsheet></office:body></office:document>");
        write("slides.fodp", "<office:document " + NS + " office:mimetype=\"application/vnd.oasis.opendocument.presentation\">"
                + "<office:automatic-styles><style:style style:name=\"blue\" style:family=\"graphic\">"
                + "<style:graphic-properties draw:fill=\"solid\" draw:fill-color=\"#1f4e9c\"/></style:style></office:automatic-styles>"
                + "<office:body><office:presentation><draw:page draw:name=\"Slide 1\">"
                + "<draw:frame svg:x=\"2cm\" svg:y=\"2cm\" svg:width=\"22cm\" svg:height=\"3cm\"><draw:text-box>"
                + "<text:p>Roadmap 2027</text:p></draw:text-box></draw:frame>"
                + "<draw:rect draw:style-name=\"blue\" svg:x=\"2cm\" svg:y=\"7cm\" svg:width=\"12cm\" svg:height=\"6cm\"/>"
                + "</draw:page></office:presentation></office:body></office:document>");
    }

    private static void write(String name, String xml) throws IOException {
        Path file = DIR.resolve(name);
        byte[] content = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + xml).getBytes(StandardCharsets.UTF_8);
        if (!Files.exists(file) || !java.util.Arrays.equals(Files.readAllBytes(file), content)) {
            Files.write(file, content);
            // a changed source makes its documents again
            try (var old = Files.list(DIR)) {
                for (Path p : (Iterable<Path>) old::iterator) {
                    if (p.getFileName().toString().startsWith(base(name) + ".") && !p.equals(file)) {
                        Files.delete(p);
                    }
                }
            }
        }
    }
}
