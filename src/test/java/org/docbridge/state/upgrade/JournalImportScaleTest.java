package org.docbridge.state.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large catalogue imported whole: a tree of folders and files (with renames and forgotten
 * files among the records), as a share's catalogue grows. 20,000 records in the build; the
 * figures for a million: {@code mvn test -Dtest=JournalImportScaleTest
 * -Ddocbridge.import.records=1000000 -DargLine=-Xmx256m}.
 */
class JournalImportScaleTest {

    private static final int RECORDS = Integer.getInteger("docbridge.import.records", 20_000);

    @TempDir
    Path dir;

    @Test
    void aLargeCatalogueIsImportedWhole() throws Exception {
        Path state = Files.createDirectories(dir.resolve("state"));
        long started = System.nanoTime();
        int live = generate(state.resolve("catalogue.log"), RECORDS, new Random(9));
        long generated = System.nanoTime();

        long retained = retainedHeapOfTheReplay(state.resolve("catalogue.log"), live);
        resetPeaks();
        long before = System.nanoTime();
        JournalImport.Result result;
        try (Connection db = Databases.migrated(dir)) {
            long migrated = System.nanoTime();
            long cpu = processCpu();
            long gc = gcTime();
            result = new JournalImport(state, "node-a").importInto(db);
            long imported = System.nanoTime();
            cpu = processCpu() - cpu;
            gc = gcTime() - gc;
            assertEquals(live + 1, Databases.count(db, "SELECT COUNT(*) FROM items"));
            System.out.printf("JournalImportScaleTest: %,d records (%,d MB) written in %d ms; %,d ids imported in %d ms"
                            + " (CPU time of the whole JVM meanwhile %d ms, in collections %d ms; migration %d ms); heap retained by the replayed tree %,d MB; heap in use after a collection at most %,d MB"
                            + " (max %,d MB)%n",
                    RECORDS, Files.size(state.resolve(result.journals().get(0).backup())) >> 20,
                    (generated - started) / 1_000_000, live, (imported - migrated) / 1_000_000,
                    cpu / 1_000_000, gc, (migrated - before) / 1_000_000, retained >> 20, peak() >> 20,
                    Runtime.getRuntime().maxMemory() >> 20);
        }
        assertEquals(live, result.journals().get(0).rows());
        assertEquals(RECORDS, result.journals().get(0).records());
    }

    /** Heap in use after a full GC with the replay held, less before: what the import's tree costs. */
    private static long retainedHeapOfTheReplay(Path file, int live) throws IOException {
        Path copy = file.resolveSibling("measure").resolve(file.getFileName());
        Files.createDirectories(copy.getParent());
        Files.copy(file, copy);
        long base = usedAfterGc();
        CatalogueReplay replay = CatalogueReplay.read(copy);
        long held = usedAfterGc();
        assertEquals(live, replay.tree.size());
        return held - base;
    }

    /**
     * Writes {@code records} catalogue records: folders of up to 40 entries (one in eight a folder),
     * breadth first; 2 % of the records rename an item, 1 % forget a file. Answers the ids left.
     */
    static int generate(Path file, int records, Random random) throws IOException {
        int renames = records / 50;
        int forgets = records / 100;
        int adds = records - renames - forgets;
        List<String> folders = new ArrayList<>(List.of("/"));
        List<String> files = new ArrayList<>();
        List<String[]> placed = new ArrayList<>(); // id, parent of some items, for renames
        try (JournalWriter journal = new JournalWriter(file)) {
            int written = 0;
            for (int folder = 0; written < adds; folder++) {
                String parent = folders.get(folder);
                for (int n = 0; n < 40 && written < adds; n++, written++) {
                    String id = id(random);
                    boolean isFolder = random.nextInt(8) == 0;
                    String name = (isFolder ? "Ordner " : "Bericht ") + written + (isFolder ? "" : " – Q" + (n % 4 + 1) + ".pdf");
                    journal.append("A " + id + " " + parent + " " + URLEncoder.encode(name, StandardCharsets.UTF_8));
                    (isFolder ? folders : files).add(id);
                    if (placed.size() < renames) {
                        placed.add(new String[] {id, parent});
                    }
                }
                if (written % 10_000 < 40) {
                    journal.sync();
                }
                if (folder == folders.size() - 1) {
                    folders.add(parent); // a tree that ran out of folders grows on in the last one
                }
            }
            for (String[] item : placed) {
                journal.append("M " + item[0] + " " + item[1] + " renamed+" + item[0]);
            }
            for (int i = 0; i < forgets; i++) {
                journal.append("D " + files.get(files.size() - 1 - i));
            }
            journal.sync();
        }
        return adds - forgets;
    }

    private static String id(Random random) {
        byte[] bits = ByteBuffer.allocate(12).putLong(random.nextLong()).putInt(random.nextInt()).array();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }

    /** CPU time of the whole JVM (H2's writer and the GC included): a figure that a busy machine does not inflate. */
    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long gcTime() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum();
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static final java.util.concurrent.atomic.AtomicLong LIVE_PEAK = new java.util.concurrent.atomic.AtomicLong();
    private static final java.util.Set<String> HEAP_POOLS = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == java.lang.management.MemoryType.HEAP).map(java.lang.management.MemoryPoolMXBean::getName)
            .collect(java.util.stream.Collectors.toSet());

    /** From now on, notes the heap in use after each collection: what the import kept alive, garbage excluded. */
    private static void resetPeaks() {
        usedAfterGc();
        LIVE_PEAK.set(0);
        for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((javax.management.NotificationEmitter) gc).addNotificationListener((n, handback) -> {
                if (n.getType().equals(com.sun.management.GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                    var info = com.sun.management.GarbageCollectionNotificationInfo.from(
                            (javax.management.openmbean.CompositeData) n.getUserData());
                    long used = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                            .filter(e -> HEAP_POOLS.contains(e.getKey()))
                            .mapToLong(e -> e.getValue().getUsed()).sum();
                    LIVE_PEAK.accumulateAndGet(used, Math::max);
                }
            }, null, null);
        }
    }

    /** The most heap in use right after a collection since {@link #resetPeaks}. */
    private static long peak() {
        return LIVE_PEAK.get();
    }
}
