package org.docbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What a hung call's message shows of the server's threads ({@link ServerProcess#busyIn}). */
class BusyThreadsTest {

    private static final String IDLE_WORKER = """
            "http-thread-pool::http-listener(2)" #71 daemon prio=5 os_prio=0 cpu=15.03ms elapsed=5.31s tid=0x1 nid=0x20f6 in Object.wait()  [0x2]
               java.lang.Thread.State: WAITING (on object monitor)
            \tat java.lang.Object.wait(java.base@17.0.15/Native Method)
            \tat org.glassfish.grizzly.threadpool.SyncThreadPool$SyncThreadWorker.getTask(SyncThreadPool.java:170)
            \tat org.glassfish.grizzly.threadpool.AbstractThreadPool$Worker.run(AbstractThreadPool.java:515)
            """;

    private static final String STUCK_WORKER = """
            "http-thread-pool::http-listener(1)" #70 daemon prio=5 os_prio=0 cpu=111.75ms elapsed=5.32s tid=0x3 nid=0x20f5 waiting on condition  [0x4]
               java.lang.Thread.State: WAITING (parking)
            \tat jdk.internal.misc.Unsafe.park(java.base@17.0.15/Native Method)
            \tat java.util.concurrent.locks.ReentrantReadWriteLock$ReadLock.lock(java.base@17.0.15/ReentrantReadWriteLock.java:738)
            \tat com.sun.enterprise.v3.services.impl.ContainerMapper.lookupHandler(ContainerMapper.java:249)
            \tat org.glassfish.grizzly.http.server.HttpServerFilter.handleRead(HttpServerFilter.java:196)
            \tat org.glassfish.grizzly.filterchain.DefaultFilterChain.executeFilter(DefaultFilterChain.java:246)
            \tat org.glassfish.grizzly.threadpool.AbstractThreadPool$Worker.run(AbstractThreadPool.java:515)
            """;

    private static final String IN_DOCBRIDGE = """
            "docbridge-store-sweep" #90 daemon prio=1 os_prio=0 cpu=1.00ms elapsed=9.00s tid=0x5 nid=0x2100 runnable  [0x6]
               java.lang.Thread.State: RUNNABLE
            \tat sun.nio.fs.UnixNativeDispatcher.unlinkat0(java.base@17.0.15/Native Method)
            \tat org.docbridge.store.filesystem.Leftovers.sweep(Leftovers.java:80)
            """;

    private static final String UNDERTOW_WORKER = """
            "default task-3" #120 prio=5 os_prio=0 cpu=2.00ms elapsed=9.00s tid=0x9 nid=0x2102 waiting on condition  [0xa]
               java.lang.Thread.State: WAITING (parking)
            \tat jdk.internal.misc.Unsafe.park(java.base@17.0.15/Native Method)
            \tat org.jboss.weld.SomeBean.waitForIt(SomeBean.java:10)
            \tat io.undertow.server.Connectors.executeRootHandler(Connectors.java:395)
            """;

    private static final String UNDERTOW_IDLE = """
            "default task-4" #121 prio=5 os_prio=0 cpu=2.00ms elapsed=9.00s tid=0xb nid=0x2103 waiting on condition  [0xc]
               java.lang.Thread.State: TIMED_WAITING (parking)
            \tat jdk.internal.misc.Unsafe.park(java.base@17.0.15/Native Method)
            \tat org.jboss.threads.EnhancedQueueExecutor$PoolThreadNode.park(EnhancedQueueExecutor.java:2256)
            \tat org.jboss.threads.EnhancedQueueExecutor$ThreadBody.run(EnhancedQueueExecutor.java:1587)
            """;

    private static final String IDLE_OTHER = """
            "Hazelcast-cached-1" #40 daemon prio=5 os_prio=0 cpu=1.00ms elapsed=9.00s tid=0x7 nid=0x2101 waiting on condition  [0x8]
               java.lang.Thread.State: TIMED_WAITING (parking)
            \tat jdk.internal.misc.Unsafe.park(java.base@17.0.15/Native Method)
            """;

    @Test
    void aWorkerWaitingForWorkAndOtherIdleThreadsAreLeftOut() {
        assertEquals("", ServerProcess.busyIn(String.join("\n", IDLE_WORKER, UNDERTOW_IDLE, IDLE_OTHER)));
    }

    @Test
    void aWorkerStuckInTheServersCodeAndDocbridgesThreadsAreShown() {
        String shown = ServerProcess.busyIn(String.join("\n", IDLE_WORKER, STUCK_WORKER, IN_DOCBRIDGE, IDLE_OTHER));
        assertTrue(shown.contains("http-listener(1)") && shown.contains("ContainerMapper.lookupHandler"), shown);
        assertTrue(shown.contains("docbridge-store-sweep") && shown.contains("Leftovers.sweep"), shown);
        assertFalse(shown.contains("http-listener(2)") || shown.contains("Hazelcast"), shown);
        assertEquals(2, shown.split("\n  thread: ", -1).length - 1, shown);
    }

    @Test
    void anUndertowWorkerServingARequestIsShown() {
        String shown = ServerProcess.busyIn(String.join("\n", UNDERTOW_IDLE, UNDERTOW_WORKER));
        assertTrue(shown.contains("default task-3") && !shown.contains("default task-4"), shown);
    }

    @Test
    void theJvmsDeadlockReportIsShown() {
        String dump = String.join("\n", IDLE_WORKER, "Found one Java-level deadlock:\n=============================\n"
                + "\"a\":\n  waiting to lock monitor 0x1 (object 0x2, a java.lang.Object),\n  which is held by \"b\"\n");
        String shown = ServerProcess.busyIn(dump);
        assertTrue(shown.startsWith("\n  JVM: Found one Java-level deadlock") && shown.contains("which is held by \"b\""),
                shown);
    }

    @Test
    void aDeadlockedThreadIsShownOnceBesidesTheReport() {
        String stuck = "\"http-thread-pool::http-listener(3)\" #90 daemon prio=5\n   java.lang.Thread.State: BLOCKED\n"
                + "\tat org.docbridge.store.filesystem.TreeWrites.delete(TreeWrites.java:1)\n";
        String report = "Found one Java-level deadlock:\n=============================\n"
                + "\"http-thread-pool::http-listener(3)\":\n  waiting to lock monitor 0x1,\n  which is held by \"b\"\n\n"
                + "Java stack information for the threads listed above:\n===================================================\n"
                + "\"http-thread-pool::http-listener(3)\":\n\tat org.docbridge.store.filesystem.TreeWrites.delete(TreeWrites.java:1)\n";
        String shown = ServerProcess.busyIn(String.join("\n", stuck, report));
        assertTrue(shown.startsWith("\n  JVM: Found one Java-level deadlock"), shown);
        assertEquals(1, shown.split("\n  thread: ", -1).length - 1, "one thread line: " + shown);
    }
}
