package dev.overdrive.runtime.exec;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * "Nothing is rejected, nothing dropped": an executor of one thread and no queue (a direct
 * hand-off). Two threads submit at once; each task is taken by the pool thread if it is idle, else
 * run by its submitter. Either way each task runs exactly once.
 *
 * <p>r1, r2: who ran each task (0 its submitter, 1 the pool thread); r3: tasks run (after waiting
 * up to 10 s for the pool thread).
 */
@JCStressTest
@Description(
    "NamedExecutor with 1 thread, queue 0: two concurrent submits, each task run exactly once")
@Outcome(
    id = {"0, 0, 2", "0, 1, 2", "1, 0, 2", "1, 1, 2"},
    expect = ACCEPTABLE,
    desc = "each task ran once (0: by its submitter, 1: by the pool thread)")
@Outcome(expect = FORBIDDEN, desc = "a task lost or run twice")
@State
public class HandoffExactlyOnceTest {

  private static final NamedExecutor EXECUTOR = new NamedExecutor("jcstress-handoff", config());

  private final AtomicInteger ran = new AtomicInteger();
  private final CountDownLatch done = new CountDownLatch(2);
  private volatile int ranBy1 = -1;
  private volatile int ranBy2 = -1;

  private static ExecutorConfig config() {
    Properties p = new Properties();
    p.setProperty("overdrive.executor.jcstress-handoff.threads", "1");
    p.setProperty("overdrive.executor.jcstress-handoff.queue", "0");
    return ExecutorConfig.read("jcstress-handoff", new dev.overdrive.runtime.config.Config(p));
  }

  @Actor
  public void submit1() {
    Thread me = Thread.currentThread();
    EXECUTOR.execute(
        () -> {
          ranBy1 = Thread.currentThread() == me ? 0 : 1;
          ran.incrementAndGet();
          done.countDown();
        });
  }

  @Actor
  public void submit2() {
    Thread me = Thread.currentThread();
    EXECUTOR.execute(
        () -> {
          ranBy2 = Thread.currentThread() == me ? 0 : 1;
          ran.incrementAndGet();
          done.countDown();
        });
  }

  @Arbiter
  public void ran(III_Result r) {
    try {
      done.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    r.r1 = ranBy1;
    r.r2 = ranBy2;
    r.r3 = ran.get();
  }
}
