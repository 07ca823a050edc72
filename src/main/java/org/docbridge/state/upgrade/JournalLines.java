package org.docbridge.state.upgrade;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import java.util.logging.Logger;
import java.util.zip.CRC32C;

/**
 * Reads the journal files the versions before the database wrote: text records, one per line, each
 * ending in a space and the CRC-32C of the line in 8 hex digits. A line whose checksum fails, and a
 * tail cut short by a crash, are skipped with a warning, as those versions skipped them at start.
 * Only reads: the file stays as it was, for the backup.
 */
final class JournalLines {

    private static final Logger LOG = Logger.getLogger(JournalLines.class.getName());

    /** What a read found: records handed over, and lines skipped as damaged or refused. */
    record Replay(long records, long skipped) {
    }

    private JournalLines() {
    }

    /** Hands the content of every intact line to {@code sink}, which answers false for a line it cannot use. */
    static Replay read(Path file, String what, Predicate<String> sink) throws IOException {
        long records = 0;
        long skipped = 0;
        long goodEnd = 0;
        long size = 0;
        // lines are found by their bytes, so that garbage from a torn write cannot shift offsets
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream(128);
            long offset = 0;
            for (int b; (b = in.read()) >= 0; ) {
                offset++;
                if (b != '\n') {
                    line.write(b);
                    continue;
                }
                String content = intact(line.toString(StandardCharsets.UTF_8));
                line.reset();
                if (content == null || !sink.test(content)) {
                    skipped++;
                    continue;
                }
                records++;
                goodEnd = offset;
            }
            size = offset;
        }
        if (goodEnd < size) {
            long lost = size - goodEnd;
            LOG.warning(() -> what + " " + file.getFileName() + ": " + lost + " bytes after the last good record"
                    + " skipped (an interrupted write or damage); earlier records are intact");
        }
        if (skipped > 0) {
            long s = skipped;
            LOG.warning(() -> what + " " + file.getFileName() + ": " + s + " damaged line(s) skipped");
        }
        return new Replay(records, skipped);
    }

    /** The checksum a line carries after its content. */
    static String crc(String content) {
        CRC32C crc = new CRC32C();
        crc.update(content.getBytes(StandardCharsets.UTF_8));
        return String.format("%08x", crc.getValue());
    }

    /** The line without its checksum, or null when the checksum does not hold. */
    private static String intact(String line) {
        int lastSpace = line.lastIndexOf(' ');
        if (lastSpace < 0) {
            return null;
        }
        String content = line.substring(0, lastSpace);
        return crc(content).equals(line.substring(lastSpace + 1)) ? content : null;
    }
}
