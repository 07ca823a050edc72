package org.docbridge.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One server per state folder: a second server or deployment on it refuses to start, and says why. */
class DataFolderTest {

    @TempDir
    Path dir;

    private final List<DataFolder> opened = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    DataFolder folder(Duration wait) {
        DataFolder data = new DataFolder();
        data.dataDir = dir.toString();
        data.lockWait = wait;
        opened.add(data);
        return data;
    }

    @AfterEach
    void stopAll() {
        opened.forEach(DataFolder::release);
        processes.forEach(Process::destroyForcibly);
    }

    /** Another JVM running {@link OtherServer} with these arguments. */
    Process other(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), OtherServer.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        processes.add(process);
        return process;
    }

    static String firstLine(Process process) throws IOException {
        return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
    }

    /** What another process finds when it tries to lock the state folder now. */
    String probe() throws Exception {
        Process probe = other("probe", dir.toString());
        String answer = firstLine(probe);
        assertTrue(probe.waitFor(30, TimeUnit.SECONDS));
        return answer;
    }

    @Test
    void aSecondServerOnTheFolderRefusesToStartNamingItAndTheHolder() throws Exception {
        Process holder = other("hold", dir.toString());
        assertEquals("held", firstLine(holder));

        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> folder(Duration.ZERO).create());
        String message = refused.getMessage();
        assertTrue(message.startsWith("docbridge.data-dir: the state folder " + dir.resolve("state")
                + " is in use by another docbridge server (process " + holder.pid() + " on "), message);
        assertTrue(message.contains("give this server a data folder of its own"), message);
    }

    /** The lock is the operating system's: a server that dies gives it up, and a waiting start then gets it. */
    @Test
    void aStartWaitsForAServerThatIsStoppingAndACrashReleasesTheFolder() throws Exception {
        Process holder = other("hold", dir.toString());
        assertEquals("held", firstLine(holder));
        DataFolder data = folder(Duration.ofSeconds(60));
        CompletableFuture<Void> start = CompletableFuture.runAsync(data::create);
        Thread.sleep(500);
        assertTrue(!start.isDone(), "still waiting while the other server runs");
        holder.destroyForcibly().waitFor(); // a crash: no release, the process is simply gone
        start.get(30, TimeUnit.SECONDS);
        assertTrue(Files.isDirectory(data.state()));
        assertEquals("held", probe(), "this server holds it now");
    }

    /**
     * Two deployments in one JVM (an application server): the second refuses, and its attempt must
     * not drop the first's lock, which closing any handle of the file would do on POSIX systems.
     */
    @Test
    void aSecondDeploymentInTheSameJvmRefusesAndLeavesTheFirstsLockInPlace() throws Exception {
        DataFolder first = folder(Duration.ZERO);
        first.create();
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> folder(Duration.ZERO).create());
        assertTrue(refused.getMessage().contains("is in use by another deployment of docbridge in this server"),
                refused.getMessage());
        assertEquals("held", probe(), "another process still finds the folder locked");

        first.release(); // undeploy
        assertEquals("free", probe());
        DataFolder next = folder(Duration.ZERO);
        next.create(); // the next deployment starts
        assertEquals("held", probe());
        next.release();
        next.release(); // twice does no harm
    }
}
