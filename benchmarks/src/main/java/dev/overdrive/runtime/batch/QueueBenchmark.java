package dev.overdrive.runtime.batch;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jctools.queues.MpscUnboundedXaddArrayQueue;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
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
import org.openjdk.jmh.infra.Control;

/**
 * The batcher's key intake, {@link MpscLinkedQueue}, against the queues it could have used:
 * JCTools' {@code MpscLinkedQueue} (the same algorithm) and {@code MpscUnboundedXaddArrayQueue},
 * {@code ConcurrentLinkedQueue} and {@code ArrayBlockingQueue}. As in {@link Batcher}, producers
 * offer and a single consumer polls: groups {@code oneProducer} (1 + 1 threads) and {@code
 * threeProducers} (3 + 1).
 *
 * <p>Unbounded queues grow without limit when producers outpace the consumer, and the figures then
 * measure the garbage collector. So each producer keeps at most {@link #WINDOW} elements in flight:
 * its element (a {@link Lane}, offered again and again, so no allocation but the queue's own is
 * measured) is credited by the consumer on every poll, and a producer whose window is full yields
 * until half of it is free, counting the time in {@code waitNanos}. Offers per second are thus the
 * rate the queue sustains end to end, and the producers' share of time spent waiting says who set
 * it: near 0, the producers; high, the consumer. The consumer yields after an empty poll, as the
 * batcher's drainer never spins on an empty queue. At tear-down the queue is drained and each
 * producer's offers must equal its credits: nothing lost, nothing delivered twice.
 *
 * <p>It sits in the runtime's package to reach the package-private queue, which only works in a JVM
 * without the agent: the agent puts its own copy of the runtime on the bootstrap class path.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// Queue code is small and hot: half a second of warm-up is past C2. 10 forks of about 4.5 s fit
// the suite in under a minute.
@Warmup(iterations = 2, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class QueueBenchmark {

  /** Elements one producer may have in the queue. Public, as is the next, for the report's text. */
  public static final int WINDOW = 1024;

  /**
   * Room for every producer's full window (at most 3 producers), so a bounded offer never fails.
   */
  public static final int CAPACITY = 4 * WINDOW;

  /** Padding, so that the counter the consumer writes shares its cache line with nothing else. */
  abstract static class LanePadding {
    long p00, p01, p02, p03, p04, p05, p06, p07;
  }

  abstract static class LaneCredit extends LanePadding {
    /** Elements of this lane polled so far; written by the consumer only. */
    volatile long consumed;
  }

  /** A producer's element, and its count of elements polled. */
  static final class Lane extends LaneCredit {
    private static final VarHandle CONSUMED;

    static {
      try {
        CONSUMED = MethodHandles.lookup().findVarHandle(LaneCredit.class, "consumed", long.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    long p10, p11, p12, p13, p14, p15, p16, p17;

    /** By the consumer: a release store, no fence, since no other thread writes the count. */
    void credit() {
      CONSUMED.setRelease(this, consumed + 1);
    }
  }

  /** The queue under test. Each fork has one kind, so every call site stays monomorphic. */
  abstract static class Intake {

    abstract boolean offer(Lane lane);

    abstract Lane poll();

    static Intake of(String kind) {
      switch (kind) {
        case "overdrive":
          return new Overdrive();
        case "jctools":
          return new Standard(new org.jctools.queues.MpscLinkedQueue<>());
        case "jctoolsXadd":
          return new Standard(new MpscUnboundedXaddArrayQueue<>(WINDOW));
        case "clq":
          return new Standard(new ConcurrentLinkedQueue<>());
        case "abq":
          return new Standard(new ArrayBlockingQueue<>(CAPACITY));
        default:
          throw new IllegalArgumentException("unknown queue: " + kind);
      }
    }
  }

  static final class Overdrive extends Intake {
    private final MpscLinkedQueue<Lane> queue = new MpscLinkedQueue<>();

    @Override
    boolean offer(Lane lane) {
      queue.offer(lane);
      return true;
    }

    @Override
    Lane poll() {
      return queue.poll();
    }
  }

  static final class Standard extends Intake {
    private final Queue<Lane> queue;

    Standard(Queue<Lane> queue) {
      this.queue = queue;
    }

    @Override
    boolean offer(Lane lane) {
      return queue.offer(lane);
    }

    @Override
    Lane poll() {
      return queue.poll();
    }
  }

  /** The queue one group shares, and its producers, for the tear-down check. */
  @State(Scope.Group)
  public static class Queues {

    /**
     * overdrive, jctools (MpscLinkedQueue), jctoolsXadd (MpscUnboundedXaddArrayQueue), clq, abq.
     */
    @Param({"overdrive", "jctools", "jctoolsXadd", "clq", "abq"})
    public String queue;

    Intake intake;
    final List<Producer> producers = new CopyOnWriteArrayList<>();

    @Setup(Level.Trial)
    public void create() {
      intake = Intake.of(queue);
    }

    /** After every thread has stopped: drain, and check that each element arrived exactly once. */
    @TearDown(Level.Trial)
    public void check() {
      for (Lane lane; (lane = intake.poll()) != null; ) {
        lane.credit();
      }
      for (Producer p : producers) {
        if (p.lane.consumed != p.offered) {
          throw new IllegalStateException(
              queue
                  + ": a producer offered "
                  + p.offered
                  + " elements, the consumer polled "
                  + p.lane.consumed);
        }
      }
    }
  }

  /** One producer thread: its lane, and how long it waited for the consumer. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Producer {
    /**
     * Nanoseconds spent with a full window; per µs of iteration, it is the share of time waited x
     * 1000.
     */
    public long waitNanos;

    final Lane lane = new Lane();
    long offered;

    /** The lane's count as last read: read again only when the window looks full. */
    private long seen;

    @Setup(Level.Trial)
    public void join(Queues queues) {
      queues.producers.add(this);
    }

    @Setup(Level.Iteration)
    public void reset() {
      waitNanos = 0;
    }

    void offer(Intake intake, Control control) {
      if (offered - seen >= WINDOW && offered - (seen = lane.consumed) >= WINDOW) {
        long start = System.nanoTime();
        while (offered - (seen = lane.consumed) > WINDOW / 2) {
          if (control.stopMeasurement) {
            return; // the iteration is over and the consumer may have left
          }
          Thread.yield(); // on 2 cores, the consumer may need this one
        }
        waitNanos += System.nanoTime() - start;
      }
      if (!intake.offer(lane)) {
        throw new IllegalStateException(
            "bounded queue full: capacity " + CAPACITY + " is too small");
      }
      offered++;
    }
  }

  /** The consumer thread: elements polled (its own score counts empty polls too). */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Consumer {
    public long polled;

    @Setup(Level.Iteration)
    public void reset() {
      polled = 0;
    }

    Lane poll(Intake intake) {
      Lane lane = intake.poll();
      if (lane == null) {
        Thread
            .yield(); // nothing queued: let the producers run rather than spin on their cache lines
      } else {
        lane.credit();
        polled++;
      }
      return lane;
    }
  }

  @Benchmark
  @Group("oneProducer")
  @GroupThreads(1)
  public void oneProducer_offer(Queues q, Producer p, Control control) {
    p.offer(q.intake, control);
  }

  @Benchmark
  @Group("oneProducer")
  @GroupThreads(1)
  public Object oneProducer_poll(Queues q, Consumer c) {
    return c.poll(q.intake);
  }

  @Benchmark
  @Group("threeProducers")
  @GroupThreads(3)
  public void threeProducers_offer(Queues q, Producer p, Control control) {
    p.offer(q.intake, control);
  }

  @Benchmark
  @Group("threeProducers")
  @GroupThreads(1)
  public Object threeProducers_poll(Queues q, Consumer c) {
    return c.poll(q.intake);
  }
}
