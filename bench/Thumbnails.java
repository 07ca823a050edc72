import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.docbridge.preview.TestPdfs;

/**
 * The thumbnail section of bench/run. Run with the test classes and PDFBox on the class path.
 *
 *   java Thumbnails.java make DIR                  # lays out pdf/, jpeg/ and hostile/ under DIR
 *   java Thumbnails.java warm BASE KEY FOLDER_ID SECONDS
 *       # /thumbnail of the folder's files at widths 120 to 179 in turn, drawn and then from the cache,
 *       # for SECONDS: the server's code compiled before anything is measured
 *   java Thumbnails.java first-and-cached BASE KEY FOLDER_ID COUNT
 *       # /thumbnail of every file in the folder once (each a first call: nothing cached), then again
 *       # (from the cache); prints the medians
 *   java Thumbnails.java hostile BASE KEY FOLDER_ID COUNT
 *       # COUNT /thumbnail requests over the folder's files, each at a width never asked before (so
 *       # each is drawn), sequential; prints how they were answered and the slowest
 */
public class Thumbnails {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "make" -> make(Path.of(args[1]));
            case "warm" -> warm(args[1], args[2], args[3], Integer.parseInt(args[4]));
            case "first-and-cached" -> firstAndCached(args[1], args[2], args[3], Integer.parseInt(args[4]));
            case "hostile" -> hostile(args[1], args[2], args[3], Integer.parseInt(args[4]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static void make(Path dir) throws IOException {
        Path pdf = Files.createDirectories(dir.resolve("pdf"));
        for (int i = 1; i <= 21; i++) { // distinct files: each one's first call draws it
            Files.write(pdf.resolve(String.format("report-%02d.pdf", i)), TestPdfs.text(20));
        }
        Path jpeg = Files.createDirectories(dir.resolve("jpeg"));
        for (int i = 1; i <= 5; i++) {
            Files.write(jpeg.resolve("photo-" + i + ".jpg"), photo(6000, 4000, i));
        }
        Path warm = Files.createDirectories(dir.resolve("warm"));
        for (int i = 1; i <= 4; i++) {
            Files.write(warm.resolve("warm-" + i + ".pdf"), TestPdfs.text(20));
        }
        Files.write(warm.resolve("warm.jpg"), photo(6000, 4000, 99));
        Path hostile = Files.createDirectories(dir.resolve("hostile"));
        Files.write(hostile.resolve("locked.pdf"), TestPdfs.encrypted());
        Files.write(hostile.resolve("huge-page.pdf"), TestPdfs.page(100_000, 100_000));
        Files.write(hostile.resolve("bomb.pdf"), TestPdfs.decompressionBomb(1));
        Files.write(hostile.resolve("nested.pdf"), TestPdfs.nested(200_000));
        Files.write(hostile.resolve("nested-dictionaries.pdf"), TestPdfs.nestedDictionaries(100_000));
        Files.write(hostile.resolve("truncated.pdf"), TestPdfs.truncated(20));
        Files.write(hostile.resolve("forms.pdf"), TestPdfs.exponentialForms(40));
    }

    /** A 24-megapixel photo-like JPEG (gradients, shapes and noise, so that it compresses as photos do). */
    static byte[] photo(int width, int height, int seed) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(30, 60, 120 + seed), width, height, new Color(230, 180, 90)));
        g.fillRect(0, 0, width, height);
        Random random = new Random(seed);
        for (int i = 0; i < 400; i++) {
            g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256), 120));
            g.fillOval(random.nextInt(width), random.nextInt(height), 50 + random.nextInt(800), 50 + random.nextInt(800));
        }
        g.dispose();
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            image.getRGB(0, y, width, 1, row, 0, width);
            for (int x = 0; x < width; x++) {
                int n = random.nextInt(17) - 8;
                int r = clamp(((row[x] >> 16) & 0xff) + n), gr = clamp(((row[x] >> 8) & 0xff) + n), b = clamp((row[x] & 0xff) + n);
                row[x] = (r << 16) | (gr << 8) | b;
            }
            image.setRGB(0, y, width, 1, row, 0, width);
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.9f);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), param);
        }
        writer.dispose();
        return out.toByteArray();
    }

    static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    static List<String> ids(String base, String key, String folderId) throws Exception {
        String json = new String(get(base + "/files?parentId=" + URLEncoder.encode(folderId, StandardCharsets.UTF_8), key).body(), StandardCharsets.UTF_8);
        List<String> ids = new ArrayList<>();
        Matcher m = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    static HttpResponse<byte[]> get(String url, String key) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120))
                .header("apiKey", key).header("username", "bench@example.com").build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    static double thumbnail(String base, String key, String id, int width, boolean mustSucceed) throws Exception {
        String url = base + "/thumbnail?id=" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "&size=" + width;
        long start = System.nanoTime();
        HttpResponse<byte[]> response = get(url, key);
        double millis = (System.nanoTime() - start) / 1e6;
        if (mustSucceed && response.statusCode() != 200) {
            throw new IllegalStateException("/thumbnail of " + id + ": " + response.statusCode() + " " + new String(response.body()));
        }
        if (response.statusCode() != 200 && response.statusCode() != 404) {
            throw new IllegalStateException("/thumbnail of " + id + ": " + response.statusCode() + " " + new String(response.body()));
        }
        return millis;
    }

    static void warm(String base, String key, String folderId, int seconds) throws Exception {
        List<String> ids = ids(base, key, folderId);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        int requests = 0;
        for (int i = 0; System.nanoTime() < end; i++) {
            thumbnail(base, key, ids.get(i % ids.size()), 120 + (i / ids.size()) % 60, true);
            requests++;
        }
        System.out.printf("warm-up requests=%d%n", requests);
    }

    static void firstAndCached(String base, String key, String folderId, int repeats) throws Exception {
        List<String> ids = ids(base, key, folderId);
        double[] first = new double[ids.size()];
        for (int i = 0; i < ids.size(); i++) {
            first[i] = thumbnail(base, key, ids.get(i), 200, true);
        }
        double[] cached = new double[ids.size() * repeats];
        for (int r = 0; r < repeats; r++) {
            for (int i = 0; i < ids.size(); i++) {
                cached[r * ids.size() + i] = thumbnail(base, key, ids.get(i), 200, true);
            }
        }
        Arrays.sort(first);
        Arrays.sort(cached);
        System.out.printf("files=%d first_median_ms=%.1f first_max_ms=%.1f cached_median_ms=%.2f cached_p90_ms=%.2f%n", ids.size(),
                first[first.length / 2], first[first.length - 1], cached[cached.length / 2], cached[(int) (cached.length * 0.9)]);
    }

    static void hostile(String base, String key, String folderId, int count) throws Exception {
        List<String> ids = ids(base, key, folderId);
        int ok = 0;
        int refused = 0;
        double slowest = 0;
        for (int i = 0; i < count; i++) {
            String id = ids.get(i % ids.size());
            int width = 100 + i / ids.size(); // a width not asked before: drawn, not read from the cache
            String url = base + "/thumbnail?id=" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "&size=" + width;
            long start = System.nanoTime();
            int status = get(url, key).statusCode();
            slowest = Math.max(slowest, (System.nanoTime() - start) / 1e6);
            if (status == 200) {
                ok++;
            } else if (status == 404) {
                refused++;
            } else {
                throw new IllegalStateException("/thumbnail of a hostile file answered " + status);
            }
        }
        System.out.printf("requests=%d pictures=%d refused=%d slowest_ms=%.0f%n", count, ok, refused, slowest);
    }
}
