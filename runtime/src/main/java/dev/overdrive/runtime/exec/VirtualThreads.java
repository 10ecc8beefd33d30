package dev.overdrive.runtime.exec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;

/** Virtual threads (Java 21+), reached without compiling against them: we build for Java 17. */
final class VirtualThreads {

  private VirtualThreads() {}

  static boolean supported() {
    return Runtime.version().feature() >= 21;
  }

  /** {@code Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(prefix, 1).factory())}. */
  static ExecutorService perTask(String namePrefix) {
    try {
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      Class<?> builderType = Class.forName("java.lang.Thread$Builder$OfVirtual");
      Object builder =
          lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(builderType)).invoke();
      builder =
          lookup
              .findVirtual(
                  builderType, "name", MethodType.methodType(builderType, String.class, long.class))
              .invoke(builder, namePrefix, 1L);
      ThreadFactory factory =
          (ThreadFactory)
              lookup
                  .findVirtual(
                      Class.forName("java.lang.Thread$Builder"),
                      "factory",
                      MethodType.methodType(ThreadFactory.class))
                  .invoke(builder);
      return (ExecutorService)
          lookup
              .findStatic(
                  java.util.concurrent.Executors.class,
                  "newThreadPerTaskExecutor",
                  MethodType.methodType(ExecutorService.class, ThreadFactory.class))
              .invoke(factory);
    } catch (Throwable t) {
      throw new IllegalStateException(
          "virtual threads unavailable on Java " + Runtime.version().feature(), t);
    }
  }
}
