package dev.overdrive.it.app;

import dev.overdrive.annotations.Async;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.MDC;

/** {@code @Async} methods of every supported shape; each records where and how it ran. */
public class Jobs {

  public static final AtomicInteger GREET = new AtomicInteger();
  public static volatile String lastThread;
  public static volatile boolean lastDaemon;
  public static volatile String lastMdc;
  public static volatile String lastTenant;
  public static volatile ClassLoader lastContextLoader;
  public static volatile RuntimeException lastThrown;
  public static final CountDownLatch RELEASE = new CountDownLatch(1);

  private static void record() {
    lastThread = Thread.currentThread().getName();
    lastDaemon = Thread.currentThread().isDaemon();
    lastMdc = MDC.get("request");
    lastTenant = TenantCarrier.TENANT.get();
    lastContextLoader = Thread.currentThread().getContextClassLoader();
  }

  /** Runs only once {@code go} opens, which the caller does after the call returned. */
  @Async
  public void fireAndForget(CountDownLatch go, CountDownLatch done) throws InterruptedException {
    if (go.await(10, TimeUnit.SECONDS)) {
      record();
      done.countDown();
    }
  }

  @Async
  public CompletableFuture<String> greet(String who) {
    GREET.incrementAndGet();
    record();
    return CompletableFuture.completedFuture("hi " + who);
  }

  @Async
  public CompletionStage<String> stage(String who) {
    return CompletableFuture.supplyAsync(() -> "later " + who);
  }

  /** A completed stage that refuses CompletableFuture's query methods (isDone, join...). */
  @Async
  public CompletionStage<String> minimalStage(String who) {
    return CompletableFuture.completedStage("minimal " + who);
  }

  @Async(executor = "io")
  public Future<Integer> onIo(int x) {
    record();
    return CompletableFuture.completedFuture(x * 2);
  }

  @Async
  public CompletableFuture<String> fails(String why) {
    RuntimeException e = new IllegalArgumentException(why);
    lastThrown = e;
    throw e;
  }

  @Async
  public void explode(String why) {
    RuntimeException e = new IllegalStateException(why);
    lastThrown = e;
    throw e;
  }

  /** Holds the only thread of executor "tiny" until {@link #RELEASE} opens. */
  @Async(executor = "tiny")
  public void occupy(CountDownLatch started) throws InterruptedException {
    started.countDown();
    RELEASE.await();
  }

  @Async(executor = "tiny")
  public CompletableFuture<String> whereAmI() {
    return CompletableFuture.completedFuture(Thread.currentThread().getName());
  }

  /** Finishes within the shutdown timeout: must not be lost at exit. */
  @Async(executor = "drain")
  public void slowWrite(int n) throws InterruptedException {
    Thread.sleep(100);
    System.out.println("DRAINED " + n);
  }

  /** Cannot finish within the shutdown timeout: must be reported. */
  @Async(executor = "stuck")
  public void neverFinishes() throws InterruptedException {
    Thread.sleep(30_000);
  }
}
