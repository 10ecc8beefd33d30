package dev.overdrive.benchmarks;

import dev.overdrive.runtime.batch.QueueBenchmark;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * Suite 6, the queue primitive of the batcher ({@link QueueBenchmark}): does Overdrive's own MPSC
 * queue earn its place against the JDK's queues and JCTools? The benchmark is selected by name and
 * only its compile-time constants are used here, so this JVM never loads it.
 *
 * <p>Its one job runs without the agent, and so does the smoke run (it forks jobs that carry no
 * {@code -javaagent}): with the agent, the runtime on the bootstrap class path would shadow the
 * copy in the benchmarks jar, and the benchmark could not reach the package-private queue.
 */
final class QueueSuite implements Suite {

  private static final String BENCHMARK = "dev.overdrive.runtime.batch.QueueBenchmark";
  private static final String JOB = "No agent";

  /**
   * A JMH group (its offer method is {@code <group>_offer}), its producer threads, and its names
   * here.
   */
  private record Shape(String group, int producers, String label, String chartLabel) {}

  private static final List<Shape> SHAPES =
      List.of(
          new Shape("oneProducer", 1, "1 producer + 1 consumer", "1 + 1 threads"),
          new Shape("threeProducers", 3, "3 producers + 1 consumer", "3 + 1 threads"));

  /**
   * A value of the benchmark's {@code queue} parameter, and how the table and the chart name it.
   */
  private record Queue(String param, String label, String chartLabel) {}

  private static final Queue OVERDRIVE =
      new Queue("overdrive", "Overdrive MpscLinkedQueue", "Overdrive");
  private static final Queue JCTOOLS =
      new Queue("jctools", "JCTools MpscLinkedQueue", "JCTools linked");
  private static final Queue CLQ =
      new Queue("clq", "ConcurrentLinkedQueue", "ConcurrentLinkedQueue");
  private static final Queue ABQ = new Queue("abq", "ArrayBlockingQueue", "ArrayBlockingQueue");
  private static final List<Queue> QUEUES =
      List.of(
          OVERDRIVE,
          JCTOOLS,
          new Queue("jctoolsXadd", "JCTools MpscUnboundedXaddArrayQueue", "JCTools Xadd"),
          CLQ,
          ABQ);

  @Override
  public String id() {
    return "queue";
  }

  @Override
  public String title() {
    return "6. The batcher's queue: Overdrive's MPSC queue vs the JDK's and JCTools'";
  }

  @Override
  public List<Job> jobs(String agent) {
    return List.of(new Job(JOB, "^" + BENCHMARK.replace(".", "\\.") + "\\.", List.of()));
  }

  @Override
  public Section render(Results results) {
    StringBuilder md = new StringBuilder();
    md.append(
            "Producers offer and one consumer polls, as in the batcher (callers offer keys, one drainer"
                + " polls them). Millions of offers per second (JMH throughput, ops/µs); a ratio above 1 means"
                + " Overdrive's queue is faster.\n\n")
        .append(
            String.format(
                Locale.ROOT,
                "- **Bounded backlog.** Each producer keeps at most %,d elements in"
                    + " the queue and yields while that window is full, so an unbounded queue cannot grow without"
                    + " limit (the figures would then measure the garbage collector). Offers per second are thus what"
                    + " the queue sustains end to end; *producers waiting* is the producers' share of time spent"
                    + " waiting for the consumer: near 0%%, offer set the pace; high, poll did.\n",
                QueueBenchmark.WINDOW))
        .append(
            "- **Consumer.** It yields after an empty poll rather than spin on the producers' cache lines"
                + " (the batcher's drainer polls only keys it knows are queued), and credits each element to its"
                + " producer: at tear-down every producer's offers must equal what was polled.\n")
        .append(
            String.format(
                Locale.ROOT,
                "- **Allocation.** Elements are preallocated, so what allocates is"
                    + " the queue itself: a node per offer for the linked queues, pooled chunks of %,d slots for"
                    + " Xadd, nothing for `ArrayBlockingQueue` (capacity %,d, never reached).\n",
                QueueBenchmark.WINDOW,
                QueueBenchmark.CAPACITY))
        .append(
            "- **Which build.** Overdrive's queue is the `overdrive-runtime` jar built with the"
                + " benchmarks, run in a JVM without the agent.\n")
        .append("- **Cores.** With ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(
            " processors,"
                + " 1 + 1 threads each have a core; 3 + 1 oversubscribe them, so threads take turns and the"
                + " figures include the scheduler: a thread preempted between two steps of an offer (or while"
                + " holding `ArrayBlockingQueue`'s lock) stalls the others until it runs again, as happens to a"
                + " batcher with more callers than cores.\n\n")
        .append(
            "| queue | threads | offers, M/s | polled, M/s | producers waiting |"
                + " Overdrive / this |\n")
        .append("| --- | --- | ---: | ---: | ---: | ---: |\n");
    for (Shape s : SHAPES) {
      Optional<Results.Entry> ours = find(results, s, OVERDRIVE);
      for (Queue q : QUEUES) {
        find(results, s, q)
            .ifPresent(
                e ->
                    md.append("| ")
                        .append(q.label())
                        .append(" | ")
                        .append(s.label())
                        .append(" | ")
                        .append(offerResult(e).map(Results::scoreWithError).orElse("–"))
                        .append(" | ")
                        .append(Results.number(secondary(e, "polled")))
                        .append(" | ")
                        .append(waited(e, s))
                        .append(" | ")
                        .append(q == OVERDRIVE ? "" : ratio(ours, Optional.of(e)))
                        .append(" |\n"));
      }
    }
    return new Section(md.toString(), chart(results), headlines(results));
  }

  private static BarChart chart(Results results) {
    BarChart chart =
        new BarChart(
            "The batcher's queue: offers per second, producers + one consumer",
            "millions of offers per second sustained; longer is better");
    for (Shape s : SHAPES) {
      List<BarChart.Bar> bars = new ArrayList<>();
      for (Queue q : QUEUES) {
        find(results, s, q)
            .ifPresent(
                e ->
                    bars.add(
                        new BarChart.Bar(
                            q.chartLabel(), offers(e), Results.number(offers(e)) + " M/s")));
      }
      chart.group(s.chartLabel(), bars);
    }
    return chart;
  }

  private static List<Headline> headlines(Results results) {
    String figure = "Overdrive MPSC queue, offers/s sustained with one consumer / ";
    List<Headline> h = new ArrayList<>();
    for (Queue other : List.of(CLQ, ABQ)) {
      for (Shape s : SHAPES) {
        offersRatio(find(results, s, OVERDRIVE), find(results, s, other))
            .ifPresent(
                r ->
                    h.add(
                        Headline.judged(
                            figure + "`" + other.label() + "`, " + s.label(),
                            "≥ 1",
                            Results.Target.atLeast(1),
                            r,
                            "")));
      }
    }
    Shape clean = SHAPES.get(0);
    offersRatio(find(results, clean, OVERDRIVE), find(results, clean, JCTOOLS))
        .ifPresent(
            r ->
                h.add(
                    Headline.info(
                        figure + "JCTools `MpscLinkedQueue` (same algorithm), " + clean.label(),
                        r.toString())));
    return h;
  }

  /** Offers per second of {@code a} over {@code b}, round by round. */
  private static Optional<Results.Spread> offersRatio(
      Optional<Results.Entry> a, Optional<Results.Entry> b) {
    return Results.ratio(a, b, QueueSuite::offers);
  }

  private static Optional<Results.Entry> find(Results results, Shape s, Queue q) {
    return results.find(JOB, s.group(), "queue", q.param());
  }

  /** The offer method's own result within its group. */
  private static Optional<Result<?>> offerResult(Results.Entry e) {
    return e.secondary(e.method() + "_offer");
  }

  /** Offers per microsecond (millions per second): the median over the forks. */
  private static double offers(Results.Entry e) {
    return Results.Spread.of(e.forks().stream().mapToDouble(QueueSuite::offers).toArray()).median();
  }

  /** One fork's offers per microsecond: its offer method's result within the group. */
  private static double offers(RunResult fork) {
    String group = fork.getParams().getBenchmark();
    return Results.secondary(fork, group.substring(group.lastIndexOf('.') + 1) + "_offer");
  }

  /**
   * The producers' share of time spent waiting for the consumer: {@code waitNanos} is a rate in ns
   * per µs summed over the producer threads.
   */
  private static String waited(Results.Entry e, Shape s) {
    double share = secondary(e, "waitNanos") / (1000.0 * s.producers());
    return Double.isNaN(share) ? "–" : String.format(Locale.ROOT, "%.0f%%", 100 * share);
  }

  private static double secondary(Results.Entry e, String name) {
    return e.secondary(name).map(Result::getScore).orElse(Double.NaN);
  }

  private static String ratio(Optional<Results.Entry> a, Optional<Results.Entry> b) {
    return offersRatio(a, b).map(r -> Results.ratio(r.median(), 1)).orElse("–");
  }
}
