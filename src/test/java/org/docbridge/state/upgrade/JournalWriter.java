package org.docbridge.state.upgrade;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Writes journal lines as the versions before the database did: content, a space, its CRC-32C. */
final class JournalWriter implements AutoCloseable {

    private final BufferedWriter out;

    JournalWriter(Path file) throws IOException {
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    void append(String content) throws IOException {
        out.write(content + " " + JournalLines.crc(content) + "\n");
    }

    void sync() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
