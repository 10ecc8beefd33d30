package dev.overdrive.benchmarks;

import dev.overdrive.runtime.journal.Journal;
import dev.overdrive.runtime.journal.Sync;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The durable journal's group commit: a durable call's journal work (append a 100-byte record, wait
 * until it is durable, append its completion) with {@code always} (one fsync per call) and {@code
 * batch} (group commit). Run it at 1, 16 and 64 callers, with JMH's thread count:
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar JournalBenchmark -t 1
 * java -jar benchmarks/target/benchmarks.jar JournalBenchmark -t 16
 * java -jar benchmarks/target/benchmarks.jar JournalBenchmark -t 64
 * </pre>
 *
 * Sample mode, so the report has the p99 a caller waits as well as the calls per second. The
 * journal lives in {@code target/journal-benchmark} (a real disk: a tmpfs would make fsync free).
 * At tear-down the benchmark checks that every append was covered by an fsync, and prints how many
 * calls shared one.
 */
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JournalBenchmark {

  private static final byte[] PAYLOAD = new byte[100];

  @State(Scope.Benchmark)
  public static class Log {
    @Param({"ALWAYS", "BATCH"})
    public String sync;

    Journal journal;
    Path dir;

    @Setup(Level.Trial)
    public void open() throws IOException {
      dir = Paths.get("target", "journal-benchmark", sync);
      delete(dir);
      journal = Journal.open(dir, Sync.valueOf(sync), Journal.DEFAULT_SEGMENT_BYTES);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
      long appended = journal.stats().appended.sum();
      long synced = journal.stats().syncedCalls.sum();
      System.out.printf(
          "%n%s: %d calls, %d fsyncs, %.1f calls per fsync%n",
          sync, appended, journal.stats().syncs.sum(), journal.stats().callsPerSync());
      journal.close();
      delete(dir);
      if (synced != appended) {
        throw new IllegalStateException(appended + " calls but " + synced + " covered by fsyncs");
      }
    }

    private static void delete(Path dir) throws IOException {
      if (Files.exists(dir)) {
        try (Stream<Path> files = Files.walk(dir)) {
          files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }

  @Benchmark
  public long durableCall(Log log) throws IOException {
    long id = log.journal.append(PAYLOAD);
    log.journal.complete(id);
    return id;
  }
}
