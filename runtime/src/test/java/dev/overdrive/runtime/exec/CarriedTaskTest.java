package dev.overdrive.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A task runs with its submitter's context class loader and gives the thread its own back. */
class CarriedTaskTest {

  @Test
  void tasksCarryTheSubmittersContextClassLoaderAndPutBackTheThreads() throws Exception {
    NamedExecutor e = new NamedExecutor("unit-context", new ExecutorConfig(1, 10, false));
    ClassLoader mine = new ClassLoader(getClass().getClassLoader()) {};
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    AtomicReference<ClassLoader> seen = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(1);
    Thread.currentThread().setContextClassLoader(mine);
    try {
      e.execute(
          new CarriedTask(TaskHooks.NONE) {
            @Override
            protected void runWithContext() {
              seen.set(Thread.currentThread().getContextClassLoader());
              done.countDown();
            }
          });
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
    assertTrue(done.await(10, TimeUnit.SECONDS));
    assertSame(mine, seen.get());
    AtomicReference<ClassLoader> after = new AtomicReference<>();
    CountDownLatch next = new CountDownLatch(1);
    e.execute(
        () -> {
          after.set(Thread.currentThread().getContextClassLoader());
          next.countDown();
        });
    assertTrue(next.await(10, TimeUnit.SECONDS));
    assertSame(ClassLoader.getSystemClassLoader(), after.get(), "the pool thread's own is back");
  }
}
