package org.docbridge.content;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/** Hostile and heavy image files, made byte by byte, for the thumbnail tests (unit and integration). */
public final class TestImages {

    public static final int GRAY = 0;
    public static final int RGB = 2;
    public static final int RGBA = 6;

    private TestImages() {
    }

    /**
     * A valid 1 x 1 RGB PNG with {@code chunks} private chunks of {@code chunkBytes} zeros each before
     * its pixels. Written sparse (the zeros are holes), so that it takes no disk and no time to make.
     */
    public static Path pngWithPrivateChunks(Path file, int chunks, int chunkBytes) throws IOException {
        Files.createDirectories(file.getParent());
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(ByteBuffer.wrap(signatureAndHeader(1, 1, 8, RGB)));
            byte[] type = "prIv".getBytes(StandardCharsets.US_ASCII); // ancillary, private, safe to copy
            CRC32 crc = new CRC32();
            crc.update(type);
            byte[] zeros = new byte[1 << 20];
            for (long left = chunkBytes; left > 0; left -= zeros.length) {
                crc.update(zeros, 0, (int) Math.min(left, zeros.length));
            }
            for (int i = 0; i < chunks; i++) {
                out.write(ByteBuffer.allocate(8).putInt(chunkBytes).put(type).flip());
                out.position(out.position() + chunkBytes);
                out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).flip());
            }
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            DataOutputStream data = new DataOutputStream(rest);
            chunk(data, "IDAT", deflate(new byte[] {0, (byte) 255, (byte) 128, 0})); // filter byte, one orange pixel
            chunk(data, "IEND", new byte[0]);
            out.write(ByteBuffer.wrap(rest.toByteArray()));
        }
        return file;
    }

    /** A small PNG whose header claims {@code width} x {@code height}, with a little pixel data. */
    public static byte[] pngHeaderOnly(int width, int height, int bitDepth, int colorType) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(out);
        data.write(signatureAndHeader(width, height, bitDepth, colorType));
        chunk(data, "IDAT", deflate(new byte[64 * 1024]));
        chunk(data, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** A real {@code width} x {@code height} 16-bit RGBA PNG (all pixels transparent black), streamed to disk. */
    public static Path png16(Path file, int width, int height) throws IOException {
        Files.createDirectories(file.getParent());
        ByteArrayOutputStream pixels = new ByteArrayOutputStream();
        try (OutputStream z = new DeflaterOutputStream(pixels, new Deflater(Deflater.BEST_SPEED), 64 * 1024)) {
            byte[] row = new byte[1 + width * 8]; // filter byte 0, then eight bytes a pixel
            for (int y = 0; y < height; y++) {
                z.write(row);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(out);
        data.write(signatureAndHeader(width, height, 16, RGBA));
        chunk(data, "IDAT", pixels.toByteArray());
        chunk(data, "IEND", new byte[0]);
        return Files.write(file, out.toByteArray());
    }

    /** A 1 x 1 BMP whose pixels are, as BMP allows, a whole embedded PNG: this one. */
    public static byte[] bmpWrapping(byte[] png) {
        int headers = 14 + 40;
        ByteBuffer bmp = ByteBuffer.allocate(headers + png.length).order(ByteOrder.LITTLE_ENDIAN);
        bmp.put((byte) 'B').put((byte) 'M').putInt(headers + png.length).putInt(0).putInt(headers);
        bmp.putInt(40).putInt(1).putInt(1).putShort((short) 1).putShort((short) 0)
                .putInt(5) // BI_PNG
                .putInt(png.length).putInt(2835).putInt(2835).putInt(0).putInt(0);
        bmp.put(png);
        return bmp.array();
    }

    private static byte[] signatureAndHeader(int width, int height, int bitDepth, int colorType) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(out);
        data.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(ihdr);
        h.writeInt(width);
        h.writeInt(height);
        h.write(new byte[] {(byte) bitDepth, (byte) colorType, 0, 0, 0});
        chunk(data, "IHDR", ihdr.toByteArray());
        return out.toByteArray();
    }

    private static byte[] deflate(byte[] raw) {
        Deflater deflater = new Deflater();
        deflater.setInput(raw);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    private static void chunk(DataOutputStream out, String type, byte[] body) throws IOException {
        out.writeInt(body.length);
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.write(typeBytes);
        out.write(body);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(body);
        out.writeInt((int) crc.getValue());
    }
}
