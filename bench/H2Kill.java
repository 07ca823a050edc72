import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.docbridge.state.UncleanStop;

/**
 * Whether the embedded database keeps what it acknowledged when its process is killed: H2 alone, no
 * docbridge and no application server (bench/h2-kill runs it). A child process opens an H2 file as
 * docbridge does ({@code WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE}, one connection held open as a pool
 * holds them) and commits from THREADS threads: each transaction inserts the next number into
 * {@code acked} and rewrites a few rows of {@code churn} (which frees space in the file, as docbridge's
 * listings and change feed do); after each commit returns it prints the number. This process kills
 * the child with SIGKILL at a random moment, opens the file read-only and counts the printed numbers
 * that are not in {@code acked}: acknowledged commits the database lost. CYCLES times, on the same file.
 *
 * <p>Arguments: {@code FOLDER CYCLES THREADS SEED MIN_MS SPREAD_MS [URL_SETTINGS]}: the kill comes
 * MIN_MS to MIN_MS + SPREAD_MS after the first commit; URL_SETTINGS (such as {@code ;REUSE_SPACE=FALSE})
 * are added to the child's URL.
 */
public class H2Kill {

    public static void main(String[] args) throws Exception {
        if (args[0].equals("child")) {
            child(args[1], Integer.parseInt(args[2]), args.length > 3 ? args[3] : "");
            return;
        }
        String folder = args[0];
        int cycles = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        Random random = new Random(Long.parseLong(args[3]));
        int minMs = Integer.parseInt(args[4]);
        int spreadMs = Integer.parseInt(args[5]);
        String settings = args.length > 6 ? args[6] : "";
        long lostInAll = 0;
        long ackedInAll = 0;
        int cyclesWithLoss = 0;
        long lostAfterReadingInAll = 0;
        int cyclesWithLossAfterReading = 0;
        long longestReadMs = 0;
        for (int cycle = 1; cycle <= cycles; cycle++) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), "H2Kill", "child", folder, String.valueOf(threads), settings)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            Set<Long> acked = ConcurrentHashMap.newKeySet();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        acked.add(Long.parseLong(line));
                    }
                } catch (IOException | NumberFormatException e) {
                    // the pipe ends with the child
                }
            });
            reader.start();
            while (acked.isEmpty() && child.isAlive()) {
                Thread.sleep(5);
            }
            if (!child.isAlive()) {
                throw new IllegalStateException("the child process ended before its first commit");
            }
            Thread.sleep(minMs + random.nextInt(Math.max(1, spreadMs)));
            child.destroyForcibly(); // SIGKILL
            child.waitFor();
            reader.join();
            long newest = acked.stream().mapToLong(Long::longValue).max().orElse(0);

            // the same kill, opened twice: a copy as H2 opens it, and the file after docbridge's reading
            Path file = Path.of(folder, "db.mv.db");
            Path asIs = Files.createDirectories(Path.of(folder + "-as-is"));
            Files.copy(file, asIs.resolve("db.mv.db"), StandardCopyOption.REPLACE_EXISTING);
            List<Long> lost = lost(asIs.toString(), acked);
            long start = System.nanoTime();
            UncleanStop.settle(file);
            long readMs = (System.nanoTime() - start) / 1_000_000;
            List<Long> lostAfterReading = lost(folder, acked);
            System.out.printf("cycle %d: %d commits acknowledged; as H2 opens the file: %d lost%s; after docbridge's"
                    + " reading (%d ms): %d lost; file %d MiB%n", cycle, acked.size(), lost.size(),
                    lost.isEmpty() ? "" : " (numbers " + lost.get(0) + " to " + lost.get(lost.size() - 1)
                            + "; the newest acknowledged was " + newest + ")",
                    readMs, lostAfterReading.size(), Files.size(file) >> 20);
            lostInAll += lost.size();
            lostAfterReadingInAll += lostAfterReading.size();
            ackedInAll += acked.size();
            longestReadMs = Math.max(longestReadMs, readMs);
            cyclesWithLossAfterReading += lostAfterReading.isEmpty() ? 0 : 1;
            cyclesWithLoss += lost.isEmpty() ? 0 : 1;
        }
        System.out.printf("%d kills: %d commits acknowledged; as H2 opens the file: %d lost, in %d of the kills;"
                + " after docbridge's reading: %d lost, in %d of the kills (the longest reading %d ms)%n", cycles,
                ackedInAll, lostInAll, cyclesWithLoss, lostAfterReadingInAll, cyclesWithLossAfterReading, longestReadMs);
    }

    /** The acknowledged numbers that the database in {@code folder} does not hold. */
    private static List<Long> lost(String folder, Set<Long> acked) throws SQLException {
        Set<Long> kept = new HashSet<>();
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + folder + "/db;ACCESS_MODE_DATA=r", "sa", "");
                ResultSet rs = c.createStatement().executeQuery("select seq from acked")) {
            while (rs.next()) {
                kept.add(rs.getLong(1));
            }
        }
        List<Long> lost = new ArrayList<>();
        for (Long n : acked) {
            if (!kept.contains(n)) {
                lost.add(n);
            }
        }
        Collections.sort(lost);
        return lost;
    }

    private static final AtomicLong NEXT = new AtomicLong();

    private static void child(String folder, int threads, String settings) throws Exception {
        String url = "jdbc:h2:file:" + folder + "/db;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE" + settings;
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            s.execute("create table if not exists acked(seq bigint primary key, pad varchar(400))");
            s.execute("create table if not exists churn(k int primary key, v varchar(400))");
            try (ResultSet rs = s.executeQuery("select count(*) from churn")) {
                rs.next();
                if (rs.getInt(1) == 0) {
                    s.execute("insert into churn select x, repeat('x', mod(x, 200)) from system_range(0, 1999)");
                }
            }
            try (ResultSet rs = s.executeQuery("select coalesce(max(seq), 0) from acked")) {
                rs.next();
                NEXT.set(rs.getLong(1) + 1_000_000); // numbers of this run: above every earlier one
            }
        }
        Connection held = DriverManager.getConnection(url, "sa", ""); // the database stays open, as under a pool
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            int rows = t * (2000 / threads); // each thread rewrites its own rows: no deadlocks
            pool.execute(() -> commitForever(url, rows, 2000 / threads));
        }
        Thread.sleep(Long.MAX_VALUE);
        held.close();
    }

    private static void commitForever(String url, int firstRow, int rowCount) {
        Random r = new Random();
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            c.setAutoCommit(false);
            PreparedStatement insert = c.prepareStatement("insert into acked values (?, repeat('a', ?))");
            PreparedStatement rewrite = c.prepareStatement("update churn set v = repeat('y', ?) where k = ?");
            while (true) {
                long n = NEXT.incrementAndGet();
                insert.setLong(1, n);
                insert.setInt(2, r.nextInt(300));
                insert.executeUpdate();
                for (int i = r.nextInt(3); i >= 0; i--) {
                    rewrite.setInt(1, r.nextInt(200));
                    rewrite.setInt(2, firstRow + r.nextInt(rowCount));
                    rewrite.executeUpdate();
                }
                c.commit();
                synchronized (System.out) {
                    System.out.println(n);
                    System.out.flush();
                }
                Thread.sleep(5 + r.nextInt(25)); // a busy server's pace, not a tight loop
            }
        } catch (SQLException | InterruptedException e) {
            e.printStackTrace();
        }
    }
}
