package dev.overdrive.runtime.parallel;

import dev.overdrive.runtime.Bypass;
import dev.overdrive.runtime.MethodRef;
import dev.overdrive.runtime.Sneaky;
import dev.overdrive.runtime.exec.CarriedTask;
import dev.overdrive.runtime.exec.TaskWiring;
import dev.overdrive.runtime.metrics.Meters;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One {@code @Parallel} method: splits its collection parameter into chunks, runs the method's
 * body on each chunk (a re-invocation with a {@link Bypass} mark), and merges the results.
 *
 * <p>Design. Chunks are claimed from a shared counter by the caller and by up to
 * {@code maxConcurrency - 1} helper tasks on the executor. The caller works too, instead of
 * blocking: that saves one hand-off, and it is what keeps nested {@code @Parallel} calls from
 * deadlocking on a saturated pool (even a pool of one thread): a caller whose helpers never get a
 * thread simply runs every chunk itself, and helpers that start late find nothing left. After the
 * first failure no further chunk starts; the caller waits for the running ones, then throws the
 * first failure with the others attached as suppressed.
 */
public final class ParallelSite {

  /** What the advice of a {@code void} method gets back: all chunks done, skip the body. */
  public static final Object DONE = Boolean.TRUE;

  private final int id;
  private final MethodRef method;
  private final int collectionIndex;
  private final int chunkSize;
  private final int maxConcurrency;
  private final String executorName;
  private final Merge merge;
  private final WeakReference<ClassLoader> loader;
  private final LongAdder chunks = new LongAdder();
  private volatile TaskWiring wiring;

  public ParallelSite(int id, MethodRef method, int collectionIndex, int chunkSize,
      int maxConcurrency, String executorName, Merge merge, ClassLoader loader) {
    this.id = id;
    this.method = method;
    this.collectionIndex = collectionIndex;
    this.chunkSize = chunkSize;
    this.maxConcurrency =
        maxConcurrency > 0 ? maxConcurrency : Runtime.getRuntime().availableProcessors();
    this.executorName = executorName;
    this.merge = merge;
    this.loader = new WeakReference<>(loader);
  }

  /**
   * Runs the call in chunks and returns the merged result; {@code null} means "run the body
   * here": this call is a chunk, or the collection is smaller than two chunks.
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

  private TaskWiring wiring(Class<?> type) {
    TaskWiring w = wiring;
    return w != null ? w : wire(type);
  }

  /** On the first split: tie this site to its class, resolve what its chunks need. */
  private synchronized TaskWiring wire(Class<?> type) {
    if (wiring == null) {
      ParallelSites.anchor(type, this);
      TaskWiring w = TaskWiring.of(method, loader.get(), executorName);
      if (w.sink != null) {
        List<Runnable> removers = new ArrayList<>();
        w.sink.counter("overdrive.parallel.chunks", "@Parallel chunks run", chunks,
            LongAdder::doubleValue, removers, "executor", executorName,
            "method", method.toString());
        Meters.removeWhenCollected(this, removers);
      }
      wiring = w;
    }
    return wiring;
  }

  /** One call's chunks, claimed by the caller and its helpers. */
  private final class Fork {
    private final TaskWiring w;
    private final Object self;
    private final Object[] args;
    private final List<List<Object>> parts;
    private final Object[] results;
    private final AtomicInteger next = new AtomicInteger();
    private final CountDownLatch finished;
    private final List<Throwable> failures = new ArrayList<>();
    private volatile boolean failing;

    Fork(TaskWiring w, Object self, Object[] args, List<List<Object>> parts) {
      this.w = w;
      this.self = self;
      this.args = args;
      this.parts = parts;
      this.results = new Object[parts.size()];
      this.finished = new CountDownLatch(parts.size());
    }

    Object[] join() {
      int helpers = Math.min(maxConcurrency, parts.size()) - 1;
      for (int i = 0; i < helpers; i++) {
        w.executor.execute(new Helper());
      }
      work();
      boolean interrupted = false;
      while (true) {
        try {
          finished.await();
          break;
        } catch (InterruptedException e) {
          interrupted = true; // chunks are running on our behalf: wait for them, keep the flag
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      synchronized (failures) {
        if (!failures.isEmpty()) {
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

    /** Claims and runs chunks until none is left; after a failure, claims without running. */
    void work() {
      int i;
      while ((i = next.getAndIncrement()) < parts.size()) {
        if (!failing) {
          runChunk(i);
        }
        finished.countDown();
      }
    }

    private void runChunk(int i) {
      Object[] chunkArgs = args.clone();
      chunkArgs[collectionIndex] = parts.get(i);
      try {
        results[i] = w.callBody(Bypass.PARALLEL, id, self, chunkArgs);
      } catch (Throwable t) {
        synchronized (failures) {
          failures.add(t);
        }
        failing = true;
      }
    }

    private final class Helper extends CarriedTask {
      Helper() {
        super(w.hooks);
      }

      @Override
      protected void runWithContext() {
        work();
      }
    }
  }
}
