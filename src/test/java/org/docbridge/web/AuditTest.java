package org.docbridge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The audit log and the audit file: one line per change, whose values cannot break it or forge a field. */
class AuditTest {

    final List<String> logged = new CopyOnWriteArrayList<>();
    final Logger logger = Logger.getLogger("org.docbridge.audit");
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @TempDir
    Path dir;
    AuditFile file;

    @BeforeEach
    void start() {
        logger.addHandler(capture);
        file = new AuditFile();
        file.file = Optional.of(dir.resolve("audit.log").toString());
        file.open();
    }

    @AfterEach
    void stop() {
        file.close();
        logger.removeHandler(capture);
    }

    @Test
    void plainValuesStayPlainOthersAreQuoted() throws Exception {
        Audit.of("ann@bank.example", "rename").with("id", "Qx3AbCdEfGhIjKlM").with("name", "Q1 \"plan\" é\\x.txt")
                .with("from", "").ok();
        String line = onlyLine();
        assertTrue(line.matches("user=ann@bank.example op=rename id=Qx3AbCdEfGhIjKlM name=\"Q1 \\\\\"plan\\\\\" é\\\\\\\\x.txt\""
                + " from=\"\" result=ok ms=\\d+"), line);
    }

    @ParameterizedTest(name = "U+{0}")
    @MethodSource("org.docbridge.web.HiddenCharacters#all")
    void everyHiddenCharacterIsEscapedInTheLogAndTheFile(int c) throws Exception {
        String hidden = String.valueOf((char) c);
        Audit.of("ann" + hidden + "admin", "upload").with("name", "a" + hidden + "b.txt")
                .failed("no" + hidden + "pe");
        String e = HiddenCharacters.escaped(c);
        String line = onlyLine();
        assertTrue(line.matches("user=\"ann\\Q" + e + "\\Eadmin\" op=upload name=\"a\\Q" + e + "\\Eb.txt\" result=failed"
                + " error=\"no\\Q" + e + "\\Epe\" ms=\\d+"), line);
        assertEquals(-1, line.indexOf(c), line);
        List<String> inFile = Files.readAllLines(dir.resolve("audit.log"), StandardCharsets.UTF_8);
        assertEquals(1, inFile.size(), inFile.toString());
        assertTrue(inFile.get(0).matches("\\d{4}-\\d\\d-\\d\\dT\\S+Z \\Q" + line + "\\E"), inFile.get(0));
        String whole = Files.readString(dir.resolve("audit.log"), StandardCharsets.UTF_8);
        assertTrue(whole.endsWith("\n"));
        assertEquals(-1, whole.substring(0, whole.length() - 1).indexOf(c), whole);
    }

    private String onlyLine() {
        assertEquals(1, logged.size(), logged.toString());
        return logged.get(0);
    }
}
