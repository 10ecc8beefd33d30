package dev.overdrive.stress;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Mixes {@code @Cached}, {@code @CacheInvalidate}, {@code @Batched}, {@code @Async} and
 * {@code @Parallel} from many threads for a while, then checks that nothing was lost, nothing ran
 * twice that must run once, every future completed, and no thread was left behind. Run it under the
 * agent ({@code run.sh}); it refuses to run without.
 *
 * <p>Everything stays in this process: no socket, no file. The run is bounded in time ({@code
 * -Dstress.duration=30s}) and in calls ({@code -Dstress.maxCalls}). Other settings: {@code
 * -Dstress.threads} (callers, default 16), {@code -Dstress.loadMicros} (how long a product load
 * takes, default 200). Exit status 0 and a last line {@code RESULT: PASS} when every check holds;
 * on failure the problems are listed and the JVM exits with 1.
 */
public final class StressMain {

  private static final long CHECK_TIMEOUT_MS = 30_000;

  private final Duration duration;
  private final int threads;
  private final long maxCalls;

  private final Catalog catalog;
  private final Users users = new Users();
  private final Jobs jobs = new Jobs();

  private final Tally find = new Tally("@Cached find");
  private final Tally price = new Tally("@Cached price");
  private final Tally reprice = new Tally("@CacheInvalidate reprice");
  private final Tally user = new Tally("@Batched user (blocking)");
  private final Tally userLater = new Tally("@Batched userLater (future)");
  private final Tally audit = new Tally("@Async audit (void)");
  private final Tally square = new Tally("@Async square (future)");
  private final Tally userViaTask = new Tally("@Async userViaTask -> @Batched");
  private final Tally total = new Tally("@Parallel total -> @Cached");
  private final List<Tally> tallies =
      List.of(find, price, reprice, user, userLater, audit, square, userViaTask, total);

  /** Every key {@link Catalog#find} was asked for. */
  private final Set<Long> requestedKeys = ConcurrentHashMap.newKeySet();

  /** The newest product key: callers crowd the last few, so fresh keys are missed together. */
  private final AtomicLong frontier = new AtomicLong();

  private final LongAdder auditExpectedSum = new LongAdder();

  /** {@code find} calls that ran the body, and that waited for another caller's load. */
  private final LongAdder loadsLed = new LongAdder();

  private final LongAdder loadsShared = new LongAdder();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicLong callsLeft;
  private final List<String> failures = new ArrayList<>();
  private long singleFlightRuns;

  private StressMain(Duration duration, int threads, long maxCalls, long loadNanos) {
    this.duration = duration;
    this.threads = threads;
    this.maxCalls = maxCalls;
    this.callsLeft = new AtomicLong(maxCalls);
    this.catalog = new Catalog(loadNanos);
  }

  public static void main(String[] args) throws Exception {
    StressMain run =
        new StressMain(
            parseDuration(System.getProperty("stress.duration", "30s")),
            Integer.getInteger("stress.threads", 16),
            Long.getLong("stress.maxCalls", 500_000_000L),
            TimeUnit.MICROSECONDS.toNanos(Long.getLong("stress.loadMicros", 200)));
    boolean passed = run.run();
    System.out.println("RESULT: " + (passed ? "PASS" : "FAIL"));
    // Printed last: run.sh and StressIT measure from here to the JVM's exit.
    System.out.println("STRESS main returns at epochMillis=" + System.currentTimeMillis());
    System.out.flush();
    if (!passed) {
      System.exit(1);
    }
    // Success: main just returns, and the JVM must exit on its own.
  }

  private boolean run() throws Exception {
    System.out.println(
        "STRESS "
            + threads
            + " callers for "
            + duration.toMillis()
            + " ms"
            + " (at most "
            + maxCalls
            + " calls), java "
            + System.getProperty("java.version")
            + " ("
            + System.getProperty("java.vm.name")
            + "), "
            + Runtime.getRuntime().availableProcessors()
            + " processors, started "
            + Instant.now());
    if (!agentActive()) {
      return false;
    }

    long start = System.nanoTime();
    List<Thread> callers = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      Thread t = new Thread(this::callLoop, "stress-caller-" + i);
      callers.add(t);
      t.start();
    }
    long deadline = start + duration.toNanos();
    while (System.nanoTime() < deadline && callsLeft.get() > 0) {
      Thread.sleep(Math.max(1, Math.min(100, (deadline - System.nanoTime()) / 1_000_000)));
    }
    stop.set(true);
    for (Thread t : callers) {
      t.join(CHECK_TIMEOUT_MS);
      if (t.isAlive()) {
        failures.add(
            "caller "
                + t.getName()
                + " did not finish within 30 s of the stop: "
                + t.getState()
                + " "
                + java.util.Arrays.toString(t.getStackTrace()));
      }
    }
    long ranMs = (System.nanoTime() - start) / 1_000_000;

    awaitOutstanding();
    checkCalls();
    checkSingleFlight();
    checkBatches();
    checkAsync();
    long stale = checkPrices();
    List<String> behind = Threads.leftBehind(10_000);
    for (String b : behind) {
      failures.add("thread left behind: " + b);
    }

    printSummary(ranMs, stale, behind);
    return failures.isEmpty();
  }

  /** Without the agent the annotations are inert: say so instead of reporting nonsense. */
  private boolean agentActive() {
    catalog.find(-1);
    catalog.find(-1);
    int runs = catalog.findRuns.get(-1L).get();
    catalog.findRuns.remove(-1L);
    if (runs != 1) {
      System.out.println(
          "FAIL: @Cached find(-1) ran "
              + runs
              + " times for 2 calls: is the JVM"
              + " running with -javaagent:overdrive-agent.jar?");
      return false;
    }
    return true;
  }

  // ---- the callers -----------------------------------------------------------------------

  private void callLoop() {
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    // At most this many futures of this caller outstanding: bounds memory, and a future that
    // never completes shows up as a caller that cannot get a permit.
    Semaphore permits = new Semaphore(256);
    while (!stop.get() && callsLeft.getAndDecrement() > 0) {
      int dice = rnd.nextInt(100);
      try {
        if (dice < 30) {
          callFind(rnd);
        } else if (dice < 42) {
          callPrice(rnd);
        } else if (dice < 57) {
          callUser(rnd);
        } else if (dice < 65) {
          callUserLater(rnd, permits);
        } else if (dice < 75) {
          callAudit(rnd);
        } else if (dice < 83) {
          callSquare(rnd, permits);
        } else if (dice < 88) {
          callUserViaTask(rnd, permits);
        } else {
          callTotal(rnd);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** A product key near the frontier, which now and then moves on to a key nobody loaded. */
  private long productKey(ThreadLocalRandom rnd) {
    long newest = rnd.nextInt(32) == 0 ? frontier.incrementAndGet() : frontier.get();
    return Math.max(0, newest - rnd.nextInt(4));
  }

  private void callFind(ThreadLocalRandom rnd) {
    long id = productKey(rnd);
    requestedKeys.add(id);
    find.issued.increment();
    boolean[] loadedHere = Catalog.LOADED_HERE.get();
    loadedHere[0] = false;
    long began = System.nanoTime();
    try {
      Product p = catalog.find(id);
      if (loadedHere[0]) {
        loadsLed.increment();
      } else {
        Long loadEnd = catalog.loadEnds.get(id);
        if (loadEnd != null && began < loadEnd) {
          loadsShared.increment(); // began before the key's load ended, did not run it: shared
        }
      }
      if (p == null || p.id() != id || p.price() != Catalog.priceOf(id)) {
        find.wrong("find(" + id + ") returned " + p);
      }
    } catch (Throwable t) {
      find.unexpected(t);
    }
    find.completed.increment();
  }

  private void callPrice(ThreadLocalRandom rnd) {
    int id = rnd.nextInt(Catalog.PRICE_KEYS);
    if (rnd.nextInt(8) == 0) {
      reprice.issued.increment();
      try {
        catalog.reprice(id);
      } catch (Throwable t) {
        reprice.unexpected(t);
      }
      reprice.completed.increment();
      return;
    }
    price.issued.increment();
    try {
      long v = catalog.price(id);
      long now = catalog.versions[id].get();
      if (v < 0 || v > now) {
        price.wrong("price(" + id + ") = " + v + ", but the version is only " + now);
      }
    } catch (Throwable t) {
      price.unexpected(t);
    }
    price.completed.increment();
  }

  private static long userKey(ThreadLocalRandom rnd) {
    return rnd.nextLong(100_000);
  }

  /** A value or failure that {@code id}'s caller may get; else what is wrong with it. */
  private static String checkUser(long id, User u, Throwable t) {
    if (t != null) {
      Throwable cause = Tally.unwrap(t);
      if (cause instanceof Users.BatchFailure && ((Users.BatchFailure) cause).keys.contains(id)) {
        return null; // its batch held a poisoned key: every caller of the batch fails with it
      }
      return "user(" + id + ") failed with " + cause;
    }
    if (Users.poisoned(id)) {
      return "user(" + id + ") of a poisoned key returned " + u;
    }
    if (u == null || u.id() != id || u.batch() <= 0) {
      return "user(" + id + ") returned " + u;
    }
    return null;
  }

  private void callUser(ThreadLocalRandom rnd) {
    long id = userKey(rnd);
    user.issued.increment();
    User u = null;
    Throwable failure = null;
    try {
      u = users.user(id);
    } catch (Throwable t) {
      failure = t;
    }
    judgeUser(user, id, u, failure);
  }

  private void judgeUser(Tally tally, long id, User u, Throwable failure) {
    String problem = checkUser(id, u, failure);
    if (problem != null) {
      tally.wrong(problem);
    } else if (failure != null) {
      tally.expectedFailures.increment();
    }
    tally.completed.increment();
  }

  private void acquire(Semaphore permits, Tally tally) throws InterruptedException {
    if (!permits.tryAcquire(CHECK_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
      tally.wrong(
          Thread.currentThread().getName()
              + " waited 30 s for one of its 256 futures"
              + " to complete");
      throw new InterruptedException("futures stuck");
    }
  }

  /** A burst of four futures from one thread (README: such a burst is one bulk call). */
  private void callUserLater(ThreadLocalRandom rnd, Semaphore permits) throws InterruptedException {
    for (int i = 0; i < 4; i++) {
      acquire(permits, userLater);
      long id = userKey(rnd);
      userLater.issued.increment();
      CompletableFuture<User> f;
      try {
        f = users.userLater(id);
      } catch (Throwable t) {
        userLater.unexpected(t);
        userLater.completed.increment();
        permits.release();
        continue;
      }
      f.whenComplete(
          (u, t) -> {
            judgeUser(userLater, id, u, t);
            permits.release();
          });
    }
  }

  private void callAudit(ThreadLocalRandom rnd) {
    long n = rnd.nextLong(1_000_000);
    audit.issued.increment();
    auditExpectedSum.add(n);
    try {
      jobs.audit(n);
    } catch (Throwable t) {
      audit.unexpected(t);
    }
    audit.completed.increment(); // returned at once; its body's runs are checked at the end
  }

  private void callSquare(ThreadLocalRandom rnd, Semaphore permits) throws InterruptedException {
    acquire(permits, square);
    long n = rnd.nextLong(1_000_000);
    square.issued.increment();
    CompletableFuture<Long> f;
    try {
      f = jobs.square(n);
    } catch (Throwable t) {
      square.unexpected(t);
      square.completed.increment();
      permits.release();
      return;
    }
    f.whenComplete(
        (v, t) -> {
          if (Jobs.failing(n)) {
            Throwable cause = t == null ? null : Tally.unwrap(t);
            if (cause instanceof IllegalArgumentException) {
              square.expectedFailures.increment();
            } else {
              square.wrong("square(" + n + ") should have failed, got " + v + " / " + cause);
            }
          } else if (t != null || v == null || v != n * n) {
            square.wrong("square(" + n + ") = " + v + " / " + t);
          }
          square.completed.increment();
          permits.release();
        });
  }

  private void callUserViaTask(ThreadLocalRandom rnd, Semaphore permits)
      throws InterruptedException {
    acquire(permits, userViaTask);
    long id = userKey(rnd);
    userViaTask.issued.increment();
    CompletableFuture<User> f;
    try {
      f = jobs.userViaTask(users, id);
    } catch (Throwable t) {
      userViaTask.unexpected(t);
      userViaTask.completed.increment();
      permits.release();
      return;
    }
    f.whenComplete(
        (u, t) -> {
          judgeUser(userViaTask, id, u, t);
          permits.release();
        });
  }

  private void callTotal(ThreadLocalRandom rnd) {
    int n = 9 + rnd.nextInt(12);
    List<Long> ids = new ArrayList<>(n);
    long expected = 0;
    for (int i = 0; i < n; i++) {
      long id = productKey(rnd);
      ids.add(id);
      expected += Catalog.priceOf(id);
    }
    requestedKeys.addAll(ids);
    total.issued.increment();
    try {
      long sum = catalog.total(ids);
      if (sum != expected) {
        total.wrong("total(" + ids + ") = " + sum + ", expected " + expected);
      }
    } catch (Throwable t) {
      total.unexpected(t);
    }
    total.completed.increment();
  }

  // ---- the checks --------------------------------------------------------------------------

  /** Every future completes (within 30 s of the stop), every void task runs. */
  private void awaitOutstanding() throws InterruptedException {
    long deadline = System.currentTimeMillis() + CHECK_TIMEOUT_MS;
    while (System.currentTimeMillis() < deadline) {
      boolean done = jobs.auditRuns.sum() >= audit.issued.sum();
      for (Tally t : tallies) {
        done &= t.outstanding() == 0;
      }
      if (done) {
        return;
      }
      Thread.sleep(20);
    }
  }

  private void checkCalls() {
    for (Tally t : tallies) {
      if (t.outstanding() != 0) {
        failures.add(
            t.name
                + ": "
                + t.outstanding()
                + " of "
                + t.issued.sum()
                + " calls never came back (future not completed within 30 s of the stop)");
      }
      if (t.wrong.sum() != 0) {
        failures.add(t.name + ": " + t.wrong.sum() + " wrong results");
        for (String p : t.problems()) {
          failures.add("  " + p);
        }
      }
    }
  }

  private void checkSingleFlight() {
    int twice = 0;
    long runs = 0;
    StringBuilder examples = new StringBuilder();
    for (Map.Entry<Long, AtomicInteger> e : catalog.findRuns.entrySet()) {
      int n = e.getValue().get();
      runs += n;
      if (n != 1) {
        if (++twice <= 5) {
          examples.append(' ').append(e.getKey()).append('x').append(n);
        }
      }
    }
    if (twice > 0) {
      failures.add("single-flight: " + twice + " keys loaded more than once:" + examples);
    }
    if (catalog.findRuns.size() != requestedKeys.size()) {
      failures.add(
          "single-flight: "
              + requestedKeys.size()
              + " distinct keys requested but "
              + catalog.findRuns.size()
              + " loaded");
    }
    singleFlightRuns = runs;
  }

  private void checkBatches() {
    if (users.oversized.sum() != 0) {
      failures.add("@Batched: " + users.oversized.sum() + " bulk calls over maxSize");
    }
    if (users.duplicatesInBatch.sum() != 0) {
      failures.add("@Batched: " + users.duplicatesInBatch.sum() + " bulk calls with a key twice");
    }
    long callers = user.issued.sum() + userLater.issued.sum() + userViaTask.issued.sum();
    if (users.keysDelivered.sum() > callers) {
      failures.add(
          "@Batched: "
              + users.keysDelivered.sum()
              + " keys sent for "
              + callers
              + " calls: a key was sent twice");
    }
  }

  private void checkAsync() {
    long runs = jobs.auditRuns.sum();
    if (runs != audit.issued.sum()) {
      failures.add("@Async audit: " + audit.issued.sum() + " calls, " + runs + " body runs");
    }
    if (jobs.auditSum.sum() != auditExpectedSum.sum()) {
      failures.add(
          "@Async audit: arguments summed to "
              + jobs.auditSum.sum()
              + ", expected "
              + auditExpectedSum.sum());
    }
    if (jobs.squareRuns.sum() != square.issued.sum()) {
      failures.add(
          "@Async square: "
              + square.issued.sum()
              + " calls, "
              + jobs.squareRuns.sum()
              + " body runs");
    }
  }

  /**
   * After the run, with nobody writing: a cached price must be the current version. README: "a load
   * that began before an invalidation does not store its value". A stale entry here means a load's
   * value was stored after an invalidation that followed its read.
   */
  private long checkPrices() {
    long stale = 0;
    StringBuilder examples = new StringBuilder();
    for (int id = 0; id < Catalog.PRICE_KEYS; id++) {
      long cached = catalog.price(id);
      long now = catalog.versions[id].get();
      if (cached != now) {
        if (++stale <= 5) {
          examples
              .append(" price(")
              .append(id)
              .append(")=")
              .append(cached)
              .append(" now ")
              .append(now);
        }
      }
    }
    if (stale > 0) {
      failures.add(
          "@CacheInvalidate: "
              + stale
              + " of "
              + Catalog.PRICE_KEYS
              + " cached prices are stale after the run:"
              + examples
              + " (an invalidation raced a load; see jcstress InvalidateRacesLoadTest)");
    }
    return stale;
  }

  private void printSummary(long ranMs, long stale, List<String> behind) {
    long calls = 0;
    for (Tally t : tallies) {
      calls += t.issued.sum();
    }
    System.out.printf(
        "STRESS ran %d ms: %,d calls (%,d/s)%n",
        ranMs, calls, ranMs == 0 ? 0 : calls * 1000 / ranMs);
    for (Tally t : tallies) {
      System.out.printf(
          "  %-34s issued %,12d  completed %,12d  expected failures %,9d  wrong %d%n",
          t.name, t.issued.sum(), t.completed.sum(), t.expectedFailures.sum(), t.wrong.sum());
    }
    System.out.printf(
        "  single-flight: %,d distinct keys requested, %,d loaded, %,d body runs;"
            + " of the find calls, %,d led a load and %,d began during another caller's load of"
            + " their key and shared it%n",
        requestedKeys.size(),
        catalog.findRuns.size(),
        singleFlightRuns,
        loadsLed.sum(),
        loadsShared.sum());
    System.out.printf("  @Parallel: %,d chunks run%n", catalog.chunkRuns.sum());
    System.out.printf(
        "  @Batched: %,d bulk calls, %,d keys sent (%.1f a call)%n",
        users.bulkCalls.sum(),
        users.keysDelivered.sum(),
        users.bulkCalls.sum() == 0
            ? 0.0
            : (double) users.keysDelivered.sum() / users.bulkCalls.sum());
    System.out.printf(
        "  @Async: audit body runs %,d, square body runs %,d%n",
        jobs.auditRuns.sum(), jobs.squareRuns.sum());
    System.out.printf(
        "  prices: %,d loads, %,d invalidations, %d stale at the end%n",
        catalog.priceRuns.sum(), catalog.repriceRuns.sum(), stale);
    System.out.println("  overdrive threads after the drain: " + Threads.overdriveThreads());
    System.out.println("  threads left behind: " + (behind.isEmpty() ? "none" : behind));
    for (String f : failures) {
      System.out.println("FAIL: " + f);
    }
  }

  static Duration parseDuration(String text) {
    String s = text.trim().toLowerCase(java.util.Locale.ROOT);
    try {
      if (s.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
      }
      if (s.endsWith("s")) {
        return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)));
      }
      if (s.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
      }
      return Duration.ofSeconds(Long.parseLong(s));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "stress.duration: \"" + text + "\" is not a duration (use 500ms, 30s, 2m)", e);
    }
  }
}
