package dev.overdrive.runtime.async;

import dev.overdrive.runtime.Bypass;
import dev.overdrive.runtime.FirstCall;
import dev.overdrive.runtime.Log;
import dev.overdrive.runtime.MethodRef;
import dev.overdrive.runtime.SiteTable;
import dev.overdrive.runtime.cache.Keys;
import dev.overdrive.runtime.exec.CarriedTask;
import dev.overdrive.runtime.exec.NamedExecutor;
import dev.overdrive.runtime.exec.TaskWiring;
import dev.overdrive.runtime.journal.Backoff;
import dev.overdrive.runtime.journal.Journal;
import dev.overdrive.runtime.remote.ValueCodec;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * One {@code @Async} method. A call hands a task to the method's executor and returns at once; the
 * task calls the method again with a {@link Bypass} mark, so the body runs there exactly once and
 * the advice does not submit it a second time. A {@code void} method's failure is logged, counted
 * and given to the application's {@code AsyncFailureHandler}s; otherwise the returned future
 * carries the body's result or exception, flattened when the body returns a future.
 */
public final class AsyncSite extends FirstCall<TaskWiring> {

  /** What the advice of a {@code void} method gets back: submitted, skip the body. */
  public static final Object SUBMITTED = Boolean.TRUE;

  /** Every {@code @Async} method's site, by the id bound into its advice. */
  public static final SiteTable<AsyncSite> SITES = new SiteTable<>();

  private final int id;
  private final MethodRef method;
  private final boolean returnsFuture;
  private final String executorName;

  /** The parameter ordering calls ({@code -1}: none); its lanes are made with the wiring. */
  private final int orderBy;

  private final int[] orderIndex;
  private final AsyncSpec spec;

  /** Set with the wiring of a durable method whose journal opened. */
  private volatile Durable durable;

  /** The last instance a durable call ran on, for a dead call replayed by hand. */
  private volatile WeakReference<Object> receiver;

  private final java.util.concurrent.atomic.AtomicBoolean replayed =
      new java.util.concurrent.atomic.AtomicBoolean();
  private volatile OrderedLanes lanes;
  private final WeakReference<ClassLoader> loader;

  /** The executor, made in the background as the class loaded (the runtime's, not the app's). */
  private CompletableFuture<NamedExecutor> prewired;

  private final LongAdder submitted = new LongAdder();
  private final LongAdder failed = new LongAdder();

  private AsyncSite(int id, AsyncSpec spec, ClassLoader loader) {
    this.id = id;
    this.method = spec.method();
    this.returnsFuture = spec.returnsFuture();
    this.executorName = spec.executor();
    this.orderBy = spec.orderBy();
    this.orderIndex = new int[] {orderBy};
    this.spec = spec;
    if (spec.durable() && method.isStatic()) {
      replayWhenDefined(loader); // a static method's unfinished calls run as its class loads
    }
    this.loader = new WeakReference<>(loader);
    this.prewired = TaskWiring.prewire(method, loader, executorName);
  }

  /** See {@link SiteTable#register}. */
  public static int register(AsyncSpec spec, ClassLoader loader, List<Runnable> undo) {
    return SITES.register(
        loader, spec.method().identity(), id -> new AsyncSite(id, spec, loader), undo);
  }

  /** The id of {@code method}'s site, or -1 when the method is not {@code @Async}. */
  public static int find(MethodRef method, ClassLoader loader) {
    return SITES.find(loader, method.identity());
  }

  /**
   * Submits the call; returns {@code null} when this call is the task's own re-invocation (run the
   * body), else the future to return or {@link #SUBMITTED}.
   */
  public Object submit(Class<?> type, Object self, Object[] args) {
    if (Bypass.consume(Bypass.ASYNC, id)) {
      return null;
    }
    TaskWiring w = wiring(type);
    submitted.increment();
    Durable d = durable;
    if (d != null) {
      Object journaled = d.submit(w, self, args);
      if (journaled != null) {
        return journaled;
      } // an argument that cannot be encoded: this call runs as plain @Async (told once)
    }
    if (!returnsFuture) {
      execute(w, args, new VoidCall(w, self, args));
      return SUBMITTED;
    }
    CompletableFuture<Object> result = new CompletableFuture<>();
    execute(w, args, new FutureCall(w, self, args, result));
    return result;
  }

  private void execute(TaskWiring w, Object[] args, Runnable task) {
    if (orderBy < 0) {
      w.executor.execute(task);
    } else {
      // The same rule as cache keys: equals, arrays by content.
      lanes.execute(Keys.of(args, orderIndex), task);
    }
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
        new TaskWiring.Counter("overdrive.async.submitted", "@Async calls submitted", submitted),
        new TaskWiring.Counter("overdrive.async.failed", "@Async calls that failed", failed));
    if (orderBy >= 0) {
      NamedExecutor executor = w.executor;
      lanes =
          new OrderedLanes(
              method.toString(),
              executor::execute,
              dev.overdrive.runtime.config.Config.system()
                  .integer(
                      dev.overdrive.runtime.config.Config.ASYNC_LANES,
                      OrderedLanes.DEFAULT_LANES,
                      1),
              OrderedLanes.DEFAULT_BURST);
    }
    if (spec.durable()) {
      Journal journal = DurableCalls.journal();
      if (journal != null) {
        Durable d =
            new Durable(
                journal,
                new ValueCodec(
                    loader.get(),
                    spec.argumentPackages(),
                    dev.overdrive.runtime.config.Config.system()
                        .raw(dev.overdrive.runtime.config.Config.REDIS_SERIAL_FILTER),
                    Integer.MAX_VALUE),
                DurableCalls.backoff(),
                w);
        w.counters(
            this,
            new String[] {"method", method.toString()},
            new TaskWiring.Counter(
                "overdrive.journal.appended", "Durable calls journaled", d.appended),
            new TaskWiring.Counter(
                "overdrive.journal.replayed",
                "Durable calls run again after a restart",
                d.replayed),
            new TaskWiring.Counter("overdrive.journal.dead", "Durable calls kept as dead", d.dead));
        if (w.sink != null) {
          DurableCalls.bindPending(w.sink);
        }
        durable = d;
      }
    }
    return w;
  }

  /** A durable instance method's first instance after a restart: its unfinished calls run. */
  public void constructed(Object self, Class<?> type) {
    if (spec.durable() && !replayed.get()) {
      wiring(type);
      receiver = new WeakReference<>(self);
      replay(self);
    }
  }

  /** Whether this site runs the durable method {@code identity} and is wired to run it now. */
  boolean runsDurable(String identity) {
    return durable != null && method.identity().equals(identity);
  }

  /** A dead call made pending again: run now, on the last instance seen for an instance method. */
  void runAgain(Journal.Call call) {
    Object self = null;
    if (!method.isStatic()) {
      WeakReference<Object> r = receiver;
      self = r == null ? null : r.get();
      if (self == null) {
        return; // no live instance: it runs after the next restart
      }
    }
    durable.replay(call, self);
  }

  private void replayWhenDefined(ClassLoader loader) {
    String owner = method.className();
    DurableCalls.retryLater(
        () -> {
          try {
            wiring(Class.forName(owner, false, loader)); // waits until the class is defined
            replay(null);
          } catch (ClassNotFoundException | LinkageError e) {
            Log.warn(method.toString(), "its unfinished durable calls cannot run: " + e);
          }
        },
        0);
  }

  private void replay(Object self) {
    Durable d = durable;
    if (d == null || !replayed.compareAndSet(false, true)) {
      return;
    }
    for (Journal.Call call : DurableCalls.takeRecovered(method)) {
      d.replay(call, self);
    }
  }

  private final class VoidCall extends CarriedTask {
    private final TaskWiring w;
    private final Object self;
    private final Object[] args;

    VoidCall(TaskWiring w, Object self, Object[] args) {
      super(w.hooks);
      this.w = w;
      this.self = self;
      this.args = args;
    }

    @Override
    protected void runWithContext() {
      try {
        w.callBody(Bypass.ASYNC, id, self, args);
      } catch (Throwable t) {
        failed.increment();
        Log.failure(
            method.toString(),
            "@Async method failed on thread " + Thread.currentThread().getName(),
            t);
        w.hooks.failed(method.toString(), t);
      }
    }
  }

  private final class FutureCall extends CarriedTask {
    private final TaskWiring w;
    private final Object self;
    private final Object[] args;
    private final CompletableFuture<Object> result;

    FutureCall(TaskWiring w, Object self, Object[] args, CompletableFuture<Object> result) {
      super(w.hooks);
      this.w = w;
      this.self = self;
      this.args = args;
      this.result = result;
    }

    @Override
    protected void runWithContext() {
      Object value;
      try {
        value = w.callBody(Bypass.ASYNC, id, self, args);
      } catch (Throwable t) {
        fail(t);
        return;
      }
      try {
        flatten(value);
      } catch (Throwable t) {
        // A future of the body's that misbehaves (throws from whenComplete, say) still fails
        // the caller's future rather than leave it pending for ever.
        fail(t);
      }
    }

    /** Completes the caller's future with the body's result, or with the outcome of its future. */
    private void flatten(Object value) {
      if (value != null
          && value.getClass() == CompletableFuture.class
          && ((CompletableFuture<?>) value).isDone()
          && !((CompletableFuture<?>) value).isCompletedExceptionally()) {
        // The common body, `return completedFuture(x)`: no callback and its future to allocate.
        // Exactly CompletableFuture: subclasses such as completedStage()'s refuse isDone().
        result.complete(((CompletableFuture<?>) value).join());
      } else if (value instanceof CompletionStage) {
        ((CompletionStage<?>) value)
            .whenComplete(
                (v, t) -> {
                  if (t != null) {
                    fail(
                        t instanceof CompletionException && t.getCause() != null
                            ? t.getCause()
                            : t);
                  } else {
                    result.complete(v);
                  }
                });
      } else if (value instanceof Future) {
        try {
          result.complete(((Future<?>) value).get());
        } catch (ExecutionException e) {
          fail(e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          fail(e);
        }
      } else {
        result.complete(value);
      }
    }

    private void fail(Throwable t) {
      failed.increment();
      result.completeExceptionally(t);
    }
  }

  /**
   * A durable method's calls: journaled before the call returns, completed in the journal when the
   * body has finished, retried with backoff when it throws, then kept as dead.
   */
  private final class Durable {
    private final Journal journal;
    private final ValueCodec codec;
    private final Backoff backoff;
    private final TaskWiring w;
    final LongAdder appended = new LongAdder();
    final LongAdder replayed = new LongAdder();
    final LongAdder dead = new LongAdder();
    private volatile boolean toldUnencodable;
    private volatile boolean toldDead;

    Durable(Journal journal, ValueCodec codec, Backoff backoff, TaskWiring w) {
      this.journal = journal;
      this.codec = codec;
      this.backoff = backoff;
      this.w = w;
    }

    /** The future to return (or {@link #SUBMITTED}); {@code null}: run this call as plain. */
    Object submit(TaskWiring wiring, Object self, Object[] args) {
      if (self != null) {
        WeakReference<Object> r = receiver;
        if (r == null || r.get() != self) {
          receiver = new WeakReference<>(self);
        }
      }
      byte[] payload = DurableCalls.encode(method, args, codec);
      if (payload == null) {
        if (!toldUnencodable) {
          toldUnencodable = true;
          Log.warn(
              method.toString(),
              "a call's arguments cannot be serialized, so it is not"
                  + " journaled and runs as plain @Async (told once)");
        }
        return null;
      }
      long id;
      try {
        id = journal.append(payload); // durable per overdrive.journal.sync before we return
        appended.increment();
      } catch (IOException | RuntimeException e) {
        Log.warn(method.toString(), "cannot journal a call (" + e + "); it runs as plain @Async");
        return null;
      }
      CompletableFuture<Object> result = returnsFuture ? new CompletableFuture<>() : null;
      wiring.executor.execute(new DurableCall(self, args, id, 1, result));
      return returnsFuture ? result : SUBMITTED;
    }

    void replay(Journal.Call call, Object self) {
      Object[] args = DurableCalls.decode(call.payload(), codec);
      if (args == null) {
        dead(
            call.id(),
            "its arguments cannot be read back (a class outside the allow-list,"
                + " or a changed format)",
            null);
        return;
      }
      journal.stats().replayed.increment();
      replayed.increment();
      w.executor.execute(new DurableCall(self, args, call.id(), 1, null));
    }

    private void dead(long id, String reason, Object[] args) {
      dead.increment();
      try {
        journal.dead(id, reason);
      } catch (IOException | RuntimeException e) {
        Log.warn(method.toString(), "cannot mark durable call " + id + " dead: " + e);
      }
      if (!toldDead) {
        toldDead = true;
        Log.error(
            method.toString(),
            "durable call "
                + id
                + " is dead: "
                + reason
                + (args == null ? "" : "; argument types " + types(args))
                + "; Overdrive.deadCalls() lists dead calls, Overdrive.replayDead(id) runs one"
                + " again (told once per method)");
      }
    }

    private String types(Object[] args) {
      StringBuilder s = new StringBuilder("(");
      for (Object a : args) {
        s.append(s.length() > 1 ? ", " : "").append(a == null ? "null" : a.getClass().getName());
      }
      return s.append(')').toString();
    }

    /** One run of a durable call; a failure schedules the next, until it is dead. */
    private final class DurableCall extends CarriedTask {
      private final Object self;
      private final Object[] args;
      private final long id;
      private final int attempt;
      private final CompletableFuture<Object> result;

      DurableCall(
          Object self, Object[] args, long id, int attempt, CompletableFuture<Object> result) {
        super(w.hooks);
        this.self = self;
        this.args = args;
        this.id = id;
        this.attempt = attempt;
        this.result = result;
      }

      @Override
      protected void runWithContext() {
        long previous = DurableCalls.enter(id);
        Object value;
        try {
          value = w.callBody(Bypass.ASYNC, AsyncSite.this.id, self, args);
        } catch (Throwable t) {
          failed(t);
          return;
        } finally {
          DurableCalls.exit(previous);
        }
        if (value instanceof CompletionStage) {
          ((CompletionStage<?>) value)
              .whenComplete(
                  (v, t) -> {
                    if (t != null) {
                      failed(
                          t instanceof CompletionException && t.getCause() != null
                              ? t.getCause()
                              : t);
                    } else {
                      done(v);
                    }
                  });
        } else {
          done(value);
        }
      }

      private void done(Object value) {
        try {
          journal.complete(id);
        } catch (IOException | RuntimeException e) {
          Log.warn(
              method.toString(),
              "cannot journal the end of call "
                  + id
                  + " ("
                  + e
                  + "): it may run again after a restart");
        }
        if (result != null) {
          result.complete(value);
        }
      }

      private void failed(Throwable t) {
        failed.increment();
        if (!backoff.exhausted(attempt)) {
          DurableCall next = new DurableCall(self, args, id, attempt + 1, result);
          DurableCalls.retryLater(
              () -> w.executor.execute(next),
              backoff.delayNanos(attempt, ThreadLocalRandom.current().nextLong()));
          return;
        }
        dead(id, attempt + " runs threw, the last " + t.getClass().getName(), args);
        if (result != null) {
          result.completeExceptionally(t);
        }
      }
    }
  }
}
