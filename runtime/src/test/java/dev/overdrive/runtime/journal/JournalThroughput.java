package dev.overdrive.runtime.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A manual measurement (not a test): durable appends per second and the p99 a caller waits, with
 * {@code always} (an fsync per call) and {@code batch} (group commit) at 1, 16 and 64 callers, each
 * call an append of a 100-byte payload followed by its completion.
 *
 * <pre>
 * java -cp runtime/target/classes:runtime/target/test-classes \
 *     dev.overdrive.runtime.journal.JournalThroughput [dir] [seconds per point]
 * </pre>
 */
public final class JournalThroughput {

  private JournalThroughput() {}

  public static void main(String[] args) throws Exception {
    Path root = Paths.get(args.length > 0 ? args[0] : "target/journal-throughput");
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 3;
    System.out.printf(
        "%-7s %7s %12s %10s %12s %10s%n",
        "sync", "callers", "calls/s", "p99 us", "calls/fsync", "fsync us");
    for (int callers : new int[] {1, 16, 64}) {
      for (Sync sync : new Sync[] {Sync.ALWAYS, Sync.BATCH}) {
        run(root.resolve(sync + "-" + callers), sync, callers, seconds);
      }
    }
  }

  private static void run(Path dir, Sync sync, int callers, double seconds) throws Exception {
    byte[] payload = new byte[100];
    try (Journal journal = Journal.open(dir, sync, Journal.DEFAULT_SEGMENT_BYTES)) {
      AtomicBoolean measuring = new AtomicBoolean();
      AtomicBoolean stop = new AtomicBoolean();
      long[][] latencies = new long[callers][];
      int[] counts = new int[callers];
      CountDownLatch finished = new CountDownLatch(callers);
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < callers; t++) {
        int me = t;
        Thread thread =
            new Thread(
                () -> {
                  long[] mine = new long[1 << 16];
                  int n = 0;
                  try {
                    while (!stop.get()) {
                      long t0 = System.nanoTime();
                      journal.complete(journal.append(payload));
                      long took = System.nanoTime() - t0;
                      if (measuring.get()) {
                        if (n == mine.length) {
                          mine = Arrays.copyOf(mine, n * 2);
                        }
                        mine[n++] = took;
                      }
                    }
                  } catch (IOException e) {
                    throw new IllegalStateException(e);
                  } finally {
                    latencies[me] = mine;
                    counts[me] = n;
                    finished.countDown();
                  }
                });
        thread.start();
        threads.add(thread);
      }
      Thread.sleep(500); // warm-up
      long syncs0 = journal.stats().syncs.sum();
      long synced0 = journal.stats().syncedCalls.sum();
      long nanos0 = journal.stats().syncNanos.sum();
      measuring.set(true);
      long start = System.nanoTime();
      Thread.sleep((long) (seconds * 1000));
      measuring.set(false);
      long elapsed = System.nanoTime() - start;
      long syncs = journal.stats().syncs.sum() - syncs0;
      long synced = journal.stats().syncedCalls.sum() - synced0;
      long syncNanos = journal.stats().syncNanos.sum() - nanos0;
      stop.set(true);
      finished.await();
      int total = Arrays.stream(counts).sum();
      long[] all = new long[total];
      int at = 0;
      for (int t = 0; t < callers; t++) {
        System.arraycopy(latencies[t], 0, all, at, counts[t]);
        at += counts[t];
      }
      Arrays.sort(all);
      long p99 = total == 0 ? 0 : all[(int) Math.min(total - 1, Math.ceil(total * 0.99) - 1)];
      System.out.printf(
          "%-7s %7d %12.0f %10.0f %12.1f %10.0f%n",
          sync,
          callers,
          total / (elapsed / 1e9),
          p99 / 1e3,
          syncs == 0 ? 0 : (double) synced / syncs,
          syncs == 0 ? 0 : syncNanos / 1e3 / syncs);
    }
    try (var files = Files.walk(dir)) {
      files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
    }
  }
}
