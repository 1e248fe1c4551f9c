package dev.flashline.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What this JVM holds at one moment, for the soak benchmark: heap in use after a full GC, live
 * threads, open file descriptors (both taken before that GC) (the entries of /proc/self/fd, and the count the JVM's own
 * UnixOperatingSystemMXBean reports; -1 where the platform has neither).
 *
 * @param seconds since the soak started
 * @param done    devices the line had finished
 */
record JvmSample(double seconds, int done, long heapBytes, int threads, long fds, long fdsMxBean) {
    private static final Path PROC_FD = Path.of("/proc/self/fd");

    /**
     * Threads and descriptors as the process has them, before any collection (a socket nobody
     * closed is released only once the collector finds it unreachable: counted here, it shows);
     * then the heap after a full collection, which is what is still referenced.
     */
    static JvmSample take(double seconds, int done) {
        int threads = ManagementFactory.getThreadMXBean().getThreadCount();
        long fds = procFds();
        long fdsMxBean = mxBeanFds();
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return new JvmSample(seconds, done, heap, threads, fds, fdsMxBean);
    }

    double heapMb() {
        return heapBytes / (1024.0 * 1024.0);
    }

    private static long procFds() {
        try (Stream<Path> fds = Files.list(PROC_FD)) {
            return fds.count() - 1; // the listing's own descriptor
        } catch (IOException | UnsupportedOperationException e) {
            return -1;
        }
    }

    private static long mxBeanFds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getOpenFileDescriptorCount();
        }
        return -1;
    }

    /**
     * Live threads grouped by name with numbers, MACs and client ids folded ("sim-client-41587" →
     * "sim-client-N"), so a kind of thread that keeps growing stands out.
     */
    static Map<String, Integer> threadGroups() {
        Map<String, Integer> groups = new TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            groups.merge(group(t.getName()), 1, Integer::sum);
        }
        return groups;
    }

    static String group(String threadName) {
        return threadName.replaceAll("[0-9A-Fa-f:_]*[0-9][0-9A-Fa-f:_]*", "N");
    }
}
