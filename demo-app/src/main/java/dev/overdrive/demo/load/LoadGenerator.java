package dev.overdrive.demo.load;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Closed-loop load: {@code concurrency} virtual users, each on its own thread and keep-alive
 * connection, send one request after the other for a fixed duration. Every latency is recorded;
 * percentiles come from the sorted samples.
 */
public final class LoadGenerator {

  /** Told about progress about five times a second. */
  @FunctionalInterface
  public interface Progress {
    void update(double fraction, long completed, double elapsedSeconds);
  }

  /** What one run measured. */
  public record Sample(long requests, long errors, double seconds, long[] sortedNanos,
      String firstError) {

    public double throughput() {
      return seconds <= 0 ? 0 : requests / seconds;
    }

    /** Nearest-rank percentile in milliseconds ({@code q} in 0..1). */
    public double percentileMs(double q) {
      if (sortedNanos.length == 0) {
        return Double.NaN;
      }
      int rank = (int) Math.ceil(q * sortedNanos.length);
      return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, rank - 1))] / 1e6;
    }
  }

  private LoadGenerator() {}

  public static Sample run(String baseUrl, Workload workload, Workload.Endpoint endpoint,
      int concurrency, Duration duration, long seed, Progress progress)
      throws InterruptedException {
    LongAdder completed = new LongAdder();
    LongAdder errors = new LongAdder();
    AtomicReference<String> firstError = new AtomicReference<>();
    long[][] samples = new long[concurrency][];
    int[] counts = new int[concurrency];
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    List<Thread> users = new ArrayList<>(concurrency);
    for (int u = 0; u < concurrency; u++) {
      int user = u;
      Thread t = new Thread(() -> {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + user);
        long[] mine = new long[4096];
        int n = 0;
        try (HttpConn conn = HttpConn.to(baseUrl, 10_000)) {
          while (System.nanoTime() < end) {
            Workload.Request req = workload.next(endpoint, random);
            long t0 = System.nanoTime();
            try {
              HttpConn.Response r = conn.send(req.method(), req.path(), req.body());
              if (!endpoint.ok(r.status())) {
                errors.increment();
                firstError.compareAndSet(null, req.method() + " " + req.path() + " -> "
                    + r.status() + " " + abbreviate(r.text()));
              }
            } catch (IOException e) {
              errors.increment();
              firstError.compareAndSet(null, req.method() + " " + req.path() + " -> " + e);
              conn.close();
            }
            if (n == mine.length) {
              mine = Arrays.copyOf(mine, n * 2);
            }
            mine[n++] = System.nanoTime() - t0;
            completed.increment();
          }
        }
        samples[user] = mine;
        counts[user] = n;
      }, "vu-" + u);
      t.setDaemon(true);
      users.add(t);
      t.start();
    }
    while (true) {
      long now = System.nanoTime();
      if (now >= end) {
        break;
      }
      if (progress != null) {
        progress.update((now - start) / (double) duration.toNanos(), completed.sum(),
            (now - start) / 1e9);
      }
      Thread.sleep(Math.min(200, Math.max(1, (end - now) / 1_000_000)));
    }
    for (Thread t : users) {
      t.join(30_000);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (progress != null) {
      progress.update(1, completed.sum(), seconds);
    }
    int total = 0;
    for (int c : counts) {
      total += c;
    }
    long[] all = new long[total];
    int at = 0;
    for (int u = 0; u < concurrency; u++) {
      if (samples[u] != null) {
        System.arraycopy(samples[u], 0, all, at, counts[u]);
        at += counts[u];
      }
    }
    Arrays.sort(all, 0, at);
    return new Sample(at, errors.sum(), seconds, at == all.length ? all : Arrays.copyOf(all, at),
        firstError.get());
  }

  private static String abbreviate(String s) {
    String one = s.replaceAll("\\s+", " ");
    return one.length() > 160 ? one.substring(0, 160) + "..." : one;
  }
}
