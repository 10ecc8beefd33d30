package dev.overdrive.runtime.parallel;

import dev.overdrive.runtime.Bypass;
import dev.overdrive.runtime.FirstCall;
import dev.overdrive.runtime.MethodRef;
import dev.overdrive.runtime.SiteTable;
import dev.overdrive.runtime.Sneaky;
import dev.overdrive.runtime.exec.CarriedTask;
import dev.overdrive.runtime.exec.NamedExecutor;
import dev.overdrive.runtime.exec.TaskWiring;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One {@code @Parallel} method: splits its collection parameter into chunks, runs the method's body
 * on each chunk (a re-invocation with a {@link Bypass} mark), and merges the results.
 *
 * <p>Design. Chunks are claimed from a shared counter by up to {@code maxConcurrency} helper tasks
 * on the executor, while the caller waits for the outcome, which opens when the last chunk finishes
 * or at the first failure: the thread whose chunk failed wakes the caller, which throws at once
 * (not after some slow chunk of its own), with the failures recorded so far attached as suppressed.
 * After the first failure no further chunk starts; chunks already running finish on their threads,
 * their results dropped and their failures attached to the thrown exception as they come. A helper
 * runs once, on its thread or in the caller: when the pool has no free thread ({@link
 * dev.overdrive.runtime.exec.NamedExecutor#saturated}) and a helper has not started after {@link
 * #STEAL_AFTER_NANOS}, the caller claims it and runs its share itself. That is what keeps nested
 * {@code @Parallel} calls from deadlocking on a saturated pool (even a pool of one thread), and
 * helpers that start late find nothing left.
 */
public final class ParallelSite extends FirstCall<TaskWiring> {

  /** Every {@code @Parallel} method's site, by the id bound into its advice. */
  public static final SiteTable<ParallelSite> SITES = new SiteTable<>();

  /** What the advice of a {@code void} method gets back: all chunks done, skip the body. */
  public static final Object DONE = Boolean.TRUE;

  /** How long a caller leaves a helper to start on a saturated pool before it runs it itself. */
  static final long STEAL_AFTER_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final int id;
  private final MethodRef method;
  private final int collectionIndex;
  private final int chunkSize;
  private final int maxConcurrency;
  private final String executorName;
  private final Merge merge;
  private final WeakReference<ClassLoader> loader;

  /** The executor, made in the background as the class loaded (the runtime's, not the app's). */
  private CompletableFuture<NamedExecutor> prewired;

  private final LongAdder chunks = new LongAdder();

  private ParallelSite(int id, ParallelSpec spec, ClassLoader loader) {
    this.id = id;
    this.method = spec.method();
    this.collectionIndex = spec.collectionIndex();
    this.chunkSize = spec.chunkSize();
    this.maxConcurrency =
        spec.maxConcurrency() > 0
            ? spec.maxConcurrency()
            : Runtime.getRuntime().availableProcessors();
    this.executorName = spec.executor();
    this.merge = spec.merge();
    this.loader = new WeakReference<>(loader);
    this.prewired = TaskWiring.prewire(method, loader, executorName);
  }

  /** See {@link SiteTable#register}. */
  public static int register(ParallelSpec spec, ClassLoader loader, List<Runnable> undo) {
    return SITES.register(
        loader, spec.method().identity(), id -> new ParallelSite(id, spec, loader), undo);
  }

  /**
   * Runs the call in chunks and returns the merged result; {@code null} means "run the body here":
   * this call is a chunk, or the collection is smaller than two chunks.
   */
  public Object run(Class<?> type, Object self, Object[] args) {
    if (Bypass.consume(Bypass.PARALLEL, id)) {
      return null;
    }
    Collection<?> items = (Collection<?>) args[collectionIndex];
    if (items == null || items.size() <= chunkSize) {
      return null;
    }
    List<List<Object>> parts = split(items);
    chunks.add(parts.size());
    return merge.apply(new Fork(wiring(type), self, args, parts).join());
  }

  private List<List<Object>> split(Collection<?> items) {
    List<List<Object>> parts = new ArrayList<>((items.size() + chunkSize - 1) / chunkSize);
    List<Object> current = new ArrayList<>(chunkSize);
    for (Object item : items) {
      current.add(item);
      if (current.size() == chunkSize) {
        parts.add(current);
        current = new ArrayList<>(chunkSize);
      }
    }
    if (!current.isEmpty()) {
      parts.add(current);
    }
    return parts;
  }

  @Override
  protected void anchor(Class<?> type) {
    SITES.anchor(type, this);
  }

  /** The executor, the body, the hooks; the meters registered. */
  @Override
  protected TaskWiring wire() {
    TaskWiring w = TaskWiring.of(method, loader.get(), executorName, prewired);
    prewired = null; // what it holds now lives in the wiring
    w.counters(
        this,
        new String[] {"executor", executorName, "method", method.toString()},
        new TaskWiring.Counter("overdrive.parallel.chunks", "@Parallel chunks run", chunks));
    return w;
  }

  /** One call's chunks, claimed by its helpers (and by the caller when they cannot start). */
  private final class Fork {
    private final TaskWiring w;
    private final Object self;
    private final Object[] args;
    private final List<List<Object>> parts;
    private final Object[] results;
    private final AtomicInteger next = new AtomicInteger();

    /** Chunks not finished yet; the one that finishes the last opens {@link #outcome}. */
    private final AtomicInteger unfinished;

    /** Opens at the first failure, or when every chunk has finished. */
    private final CountDownLatch outcome = new CountDownLatch(1);

    private final List<Throwable> failures = new ArrayList<>();

    /** Set (under {@code failures}) once the caller took the first failure to throw. */
    private boolean thrown;

    private volatile boolean failing;

    Fork(TaskWiring w, Object self, Object[] args, List<List<Object>> parts) {
      this.w = w;
      this.self = self;
      this.args = args;
      this.parts = parts;
      this.results = new Object[parts.size()];
      this.unfinished = new AtomicInteger(parts.size());
    }

    Object[] join() {
      Helper[] helpers = new Helper[Math.min(maxConcurrency, parts.size())];
      for (int i = 0; i < helpers.length; i++) {
        helpers[i] = new Helper();
        w.executor.execute(helpers[i]);
      }
      boolean interrupted = false;
      while (true) {
        try {
          if (outcome.await(STEAL_AFTER_NANOS, TimeUnit.NANOSECONDS)) {
            break;
          }
          if (allStarted(helpers)) {
            outcome.await();
            break;
          }
          if (w.executor.saturated() && claimUnstarted(helpers)) {
            work(); // that helper's thread is not coming: run its share here instead
          }
        } catch (InterruptedException e) {
          interrupted = true; // chunks are running on our behalf: wait for them, keep the flag
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      synchronized (failures) {
        if (!failures.isEmpty()) {
          thrown = true;
          Throwable first = failures.get(0);
          for (Throwable other : failures.subList(1, failures.size())) {
            if (other != first) {
              first.addSuppressed(other);
            }
          }
          throw Sneaky.raise(first);
        }
      }
      return results;
    }

    /** Whether the caller took over a helper that had not started. */
    private boolean claimUnstarted(Helper[] helpers) {
      for (Helper h : helpers) {
        if (h.claim()) {
          return true;
        }
      }
      return false;
    }

    private boolean allStarted(Helper[] helpers) {
      for (Helper h : helpers) {
        if (!h.claimed.get()) {
          return false;
        }
      }
      return true;
    }

    /** Claims and runs chunks until none is left or one has failed. */
    void work() {
      int i;
      while (!failing && (i = next.getAndIncrement()) < parts.size()) {
        if (runChunk(i) && unfinished.decrementAndGet() == 0) {
          outcome.countDown();
        }
      }
    }

    /** Whether chunk {@code i} succeeded; a failure opens the outcome at once. */
    private boolean runChunk(int i) {
      Object[] chunkArgs = args.clone();
      chunkArgs[collectionIndex] = parts.get(i);
      try {
        results[i] = w.callBody(Bypass.PARALLEL, id, self, chunkArgs);
        return true;
      } catch (Throwable t) {
        synchronized (failures) {
          if (thrown) {
            failures.get(0).addSuppressed(t); // the caller has it already: attach as it comes
          } else {
            failures.add(t);
          }
        }
        failing = true;
        outcome.countDown();
        return false;
      }
    }

    /** One share of the work; runs once, on its pool thread or, if that never comes, the caller. */
    private final class Helper extends CarriedTask {
      final AtomicBoolean claimed = new AtomicBoolean();

      Helper() {
        super(w.hooks);
      }

      boolean claim() {
        return !claimed.get() && claimed.compareAndSet(false, true);
      }

      @Override
      protected void runWithContext() {
        if (claim()) {
          work();
        }
      }
    }
  }
}
