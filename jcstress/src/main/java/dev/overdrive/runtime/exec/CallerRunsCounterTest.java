package dev.overdrive.runtime.exec;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The striped counters ({@code LongAdder}) the runtime reports through Micrometer, on the one that
 * is readable without Micrometer: an executor's {@code callerRuns}. The executor is shut down, so
 * every task is run by the thread that submits it and counted; two threads submit at once. No
 * increment may be lost, and each task must run exactly once.
 *
 * <p>r1: {@code callerRuns()}; r2: tasks run.
 */
@JCStressTest
@Description(
    "NamedExecutor.callerRuns (LongAdder): two concurrent caller-runs, both counted, both run once")
@Outcome(id = "2, 2", expect = ACCEPTABLE, desc = "both counted, both ran once")
@Outcome(expect = FORBIDDEN, desc = "an increment lost, or a task lost or run twice")
@State
public class CallerRunsCounterTest {

  private static final ExecutorConfig CONFIG = config();

  private final NamedExecutor executor = new NamedExecutor("jcstress-shut", CONFIG);
  private final AtomicInteger ran = new AtomicInteger();

  public CallerRunsCounterTest() {
    executor.shutdown(); // no thread was ever started; from now on every task runs in its caller
  }

  private static ExecutorConfig config() {
    Properties p = new Properties();
    p.setProperty("overdrive.executor.jcstress-shut.threads", "1");
    p.setProperty("overdrive.executor.jcstress-shut.queue", "0");
    return ExecutorConfig.read("jcstress-shut", new dev.overdrive.runtime.config.Config(p));
  }

  @Actor
  public void submit1() {
    executor.execute(ran::incrementAndGet);
  }

  @Actor
  public void submit2() {
    executor.execute(ran::incrementAndGet);
  }

  @Arbiter
  public void counted(II_Result r) {
    r.r1 = (int) executor.callerRuns();
    r.r2 = ran.get();
  }
}
