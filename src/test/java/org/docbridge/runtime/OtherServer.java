package org.docbridge.runtime;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Another server's process, for {@link DataFolderTest}: {@code hold <data-dir>} opens the data folder
 * as docbridge does, prints "held" and keeps it until its input closes or it is killed;
 * {@code probe <data-dir>} prints whether the state folder's lock could be taken now ("free") or not.
 */
public final class OtherServer {

    private OtherServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("hold")) {
            DataFolder data = new DataFolder();
            data.dataDir = args[1];
            data.create();
            System.out.println("held");
            System.out.flush();
            while (System.in.read() >= 0) {
                // until the test closes our input
            }
            data.release();
            return;
        }
        Path file = Path.of(args[1], "state", StateLock.FILE);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            System.out.println(lock == null ? "held" : "free");
        }
    }
}
