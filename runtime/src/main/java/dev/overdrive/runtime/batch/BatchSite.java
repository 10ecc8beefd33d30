package dev.overdrive.runtime.batch;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.overdrive.runtime.FirstCall;
import dev.overdrive.runtime.Invoker;
import dev.overdrive.runtime.NullValue;
import dev.overdrive.runtime.config.Config;
import dev.overdrive.runtime.exec.ExecutorRegistry;
import dev.overdrive.runtime.exec.NamedExecutor;
import dev.overdrive.runtime.metrics.MeterSink;
import dev.overdrive.runtime.metrics.Meters;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleConsumer;

/**
 * One {@code @Batched} method: its batchers (one per instance, held weakly, or one for a static
 * method) and the bulk calls they send.
 */
public final class BatchSite extends FirstCall<BatchSite.Wiring> {

  /** The batch executor's name; it needs no configuration. */
  final BatchSpec spec;

  private final WeakReference<ClassLoader> loader;
  private final Batcher shared;
  private final Cache<Object, Batcher> perInstance;
  private final LongAdder calls = new LongAdder();

  /** The remote cache in front of this batch, or {@code null}. */
  private volatile BatchTier tier;

  public BatchSite(BatchSpec spec, ClassLoader loader) {
    this.spec = spec;
    this.loader = new WeakReference<>(loader);
    boolean isStatic = spec.method().isStatic();
    this.shared = isStatic ? new Batcher(this, null) : null;
    this.perInstance = isStatic ? null : Caffeine.newBuilder().weakKeys().build();
  }

  /**
   * The value for {@code key} from its batch (blocking; {@link NullValue#NULL} for null), or, for a
   * future-returning method, the future of it.
   *
   * <p>A {@code null} key is answered {@code null} at once, without a bulk call: bulk methods
   * commonly reject a null (an {@code IN (...)} list, {@code List.copyOf}), which would fail every
   * other caller of its batch, and a key missing from the bulk result gives {@code null} anyway.
   *
   * <p>A blocked caller that is interrupted stops waiting: it gets a {@code CancellationException}
   * with its interrupt status set; its key's bulk call goes on.
   */
  public Object submit(Class<?> type, Object self, Object key) {
    wiring(type);
    if (key == null) {
      return spec.returnsFuture() ? CompletableFuture.completedFuture(null) : NullValue.NULL;
    }
    Batcher b = shared != null ? shared : perInstance.get(self, s -> new Batcher(this, s));
    if (spec.returnsFuture()) {
      return b.submit(key, false).future;
    }
    Object value;
    try {
      value = b.submit(key, true).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      CancellationException cancelled =
          new CancellationException(
              "interrupted while waiting for the bulk call of " + spec.method() + " (@Batched)");
      cancelled.initCause(e);
      throw cancelled;
    }
    if (value == null && spec.returnsPrimitive()) {
      throw new IllegalStateException(
          spec.via()
              + " gave no value for a key, and "
              + spec.method()
              + " returns a primitive, which cannot be null: the bulk result must hold every key");
    }
    return NullValue.wrap(value);
  }

  long calls() {
    return calls.sum();
  }

  /** Sends every queued key now: at shutdown, nothing pending is dropped. */
  void flush() {
    if (shared != null) {
      shared.flush();
    } else {
      for (Batcher b : perInstance.asMap().values()) {
        b.flush();
      }
    }
  }

  /** Runs {@code batch} as one bulk call on the batch executor. */
  void send(Batcher batcher, List<Pending> batch) {
    Wiring w = wiredOrNull(); // a batch exists only after a call, which wired this site
    w.executor.execute(() -> call(w, batcher, batch));
  }

  /** Puts {@code t} in front of this batch's bulk calls (a remote {@code @Cached} cache). */
  public void tier(BatchTier t) {
    tier = t;
  }

  private void call(Wiring w, Batcher batcher, List<Pending> batch) {
    Map<Object, List<Pending>> byKey = new LinkedHashMap<>();
    for (Pending p : batch) {
      byKey.computeIfAbsent(p.key, k -> new ArrayList<>(1)).add(p);
    }
    BatchTier t = tier;
    if (t != null) {
      callThrough(w, batcher, batch, byKey, t);
      return;
    }
    bulk(w, batcher, batch, byKey, null);
  }

  /**
   * The batch's keys read from the tier in one round trip; only those not found go to the bulk
   * call, whose values are written back in one.
   */
  private void callThrough(
      Wiring w,
      Batcher batcher,
      List<Pending> batch,
      Map<Object, List<Pending>> byKey,
      BatchTier t) {
    Object[] keys = byKey.keySet().toArray();
    BatchTier.Exchange ex = t.read(keys);
    Map<Object, List<Pending>> missing = new LinkedHashMap<>();
    List<Pending> rest = new ArrayList<>();
    for (int i = 0; i < keys.length; i++) {
      List<Pending> callers = byKey.get(keys[i]);
      if (ex.found(i)) {
        complete(batcher, callers, ex.value(i), null);
      } else {
        missing.put(keys[i], callers);
        rest.addAll(callers);
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    Map<Object, Object> values = new HashMap<>();
    if (!bulk(w, batcher, rest, missing, values)) {
      return; // failed: its callers have the exception, nothing is stored
    }
    Object[] stored = new Object[keys.length];
    for (int i = 0; i < keys.length; i++) {
      stored[i] = values.get(keys[i]);
    }
    try {
      ex.store(stored); // before the callers hear: a JVM asking right after finds the values
    } finally {
      for (Map.Entry<Object, List<Pending>> e : missing.entrySet()) {
        Object v = values.get(e.getKey());
        complete(batcher, e.getValue(), v == NO_VALUE ? null : v, null);
      }
    }
  }

  /**
   * One bulk call for {@code byKey}'s keys. Its values complete their callers, or, when {@code
   * answered} is given, go there instead (null as {@link #NO_VALUE}) for the caller to complete.
   * False if it failed (every caller then has its exception).
   */
  private boolean bulk(
      Wiring w,
      Batcher batcher,
      List<Pending> batch,
      Map<Object, List<Pending>> byKey,
      Map<Object, Object> answered) {
    Collection<Object> keys =
        spec.keys() == BatchSpec.Keys.SET
            ? new LinkedHashSet<>(byKey.keySet())
            : new ArrayList<>(byKey.keySet());
    calls.increment();
    w.keysPerCall.accept(keys.size());
    Object result;
    try {
      result = w.invoker.invoke(batcher.self(), new Object[] {keys});
    } catch (Throwable t) {
      complete(batcher, batch, null, t);
      return false;
    }
    try {
      return answerAll(batcher, batch, byKey, result, answered);
    } catch (Throwable t) {
      // A result that throws when read (a Map whose get rejects a key, a List whose size
      // throws): every caller not answered yet gets that, rather than wait for ever.
      List<Pending> unanswered = new ArrayList<>();
      for (Pending p : batch) {
        if (!p.future.isDone()) {
          unanswered.add(p);
        }
      }
      complete(batcher, unanswered, null, t);
      return false;
    }
  }

  private boolean answerAll(
      Batcher batcher,
      List<Pending> batch,
      Map<Object, List<Pending>> byKey,
      Object result,
      Map<Object, Object> answered) {
    if (spec.values() == BatchSpec.Values.MAP) {
      Map<?, ?> values = result == null ? Map.of() : (Map<?, ?>) result;
      for (Map.Entry<Object, List<Pending>> e : byKey.entrySet()) {
        answer(batcher, e, values.get(e.getKey()), answered);
      }
      return true;
    }
    List<?> values = (List<?>) result;
    if (values == null || values.size() != byKey.size()) {
      complete(
          batcher,
          batch,
          null,
          new IllegalStateException(
              spec.via()
                  + " returned "
                  + (values == null ? "null" : values.size() + " values")
                  + " for "
                  + byKey.size()
                  + " keys; a List result must hold one value per key, in key order (for "
                  + spec.method()
                  + ")"));
      return false;
    }
    int i = 0;
    for (Map.Entry<Object, List<Pending>> e : byKey.entrySet()) {
      answer(batcher, e, values.get(i++), answered);
    }
    return true;
  }

  private static void answer(
      Batcher batcher,
      Map.Entry<Object, List<Pending>> callers,
      Object value,
      Map<Object, Object> answered) {
    if (answered != null) {
      answered.put(callers.getKey(), value == null ? NO_VALUE : value);
    } else {
      complete(batcher, callers.getValue(), value, null);
    }
  }

  /** In a {@link BatchTier.Exchange#store} array: the bulk call answered {@code null}. */
  public static final Object NO_VALUE = new Object();

  private static void complete(
      Batcher batcher, List<Pending> callers, Object value, Throwable failure) {
    for (Pending p : callers) {
      if (p.blocking) {
        batcher.released();
      }
      if (failure != null) {
        p.future.completeExceptionally(failure);
      } else {
        p.future.complete(value);
      }
    }
  }

  @Override
  protected void anchor(Class<?> type) {
    BatchSites.anchor(type, this);
  }

  /** The batch executor, the bulk method, the meters; flushed at shutdown from now on. */
  @Override
  protected Wiring wire() {
    ClassLoader l = loader.get();
    NamedExecutor executor = ExecutorRegistry.named(Config.BATCH_EXECUTOR);
    DoubleConsumer keysPerCall = n -> {};
    MeterSink sink = Meters.sinkFor(l);
    if (sink != null) {
      List<Runnable> removers = new ArrayList<>();
      String method = spec.method().toString();
      sink.counter(
          "overdrive.batch.calls",
          "Bulk calls made",
          calls,
          LongAdder::doubleValue,
          removers,
          "method",
          method);
      keysPerCall =
          sink.summary("overdrive.batch.keys", "Keys per bulk call", removers, "method", method);
      executor.bindMetrics(sink);
      Meters.removeWhenCollected(this, removers);
    }
    BatchSites.flushAtShutdown(this);
    return new Wiring(executor, new Invoker(spec.via(), l), keysPerCall, sink);
  }

  static final class Wiring {
    final NamedExecutor executor;
    final Invoker invoker;
    final DoubleConsumer keysPerCall;
    final MeterSink sink; // held here: the registry of sinks holds them weakly

    Wiring(NamedExecutor executor, Invoker invoker, DoubleConsumer keysPerCall, MeterSink sink) {
      this.executor = executor;
      this.invoker = invoker;
      this.keysPerCall = keysPerCall;
      this.sink = sink;
    }
  }
}
