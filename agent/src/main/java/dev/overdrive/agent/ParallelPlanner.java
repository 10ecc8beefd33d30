package dev.overdrive.agent;

import dev.overdrive.agent.advice.ParallelAdvice;
import dev.overdrive.agent.advice.ParallelVoidAdvice;
import dev.overdrive.runtime.config.Config;
import dev.overdrive.runtime.config.Settings;
import dev.overdrive.runtime.exec.ExecutorRegistry;
import dev.overdrive.runtime.parallel.Merge;
import dev.overdrive.runtime.parallel.ParallelSite;
import dev.overdrive.runtime.parallel.ParallelSpec;
import java.util.Properties;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.type.TypeDescription;

/** {@code @Parallel}: the first List/Collection parameter split into chunks run concurrently. */
final class ParallelPlanner extends MethodPlanner {

  ParallelPlanner(Properties properties) {
    super(Names.PARALLEL, Settings.Feature.PARALLEL, properties);
  }

  @Override
  Plan plan(TypeDescription type, MethodDescription.InDefinedShape method, AnnotationReader a) {
    requireBody(method, "@Parallel");
    int collection = -1;
    for (ParameterDescription p : method.getParameters()) {
      String name = p.getType().asErasure().getName();
      if (name.equals("java.util.List") || name.equals("java.util.Collection")) {
        collection = p.getIndex();
        break;
      }
    }
    if (collection < 0) {
      throw new BadAnnotation("@Parallel needs a List or Collection parameter to split");
    }
    Merge merge = Merge.forReturnType(method.getReturnType().asErasure().getDescriptor());
    if (merge == null) {
      throw new BadAnnotation(
          "@Parallel cannot merge results of type "
              + method.getReturnType().asErasure().getName()
              + " (use void, List, Collection, Set, Map or a number)");
    }
    int chunkSize = (int) a.longValue("chunkSize");
    if (chunkSize < 1) {
      throw a.bad("chunkSize", chunkSize + " is less than 1");
    }
    int maxConcurrency = (int) a.longValue("maxConcurrency");
    if (maxConcurrency < 0) {
      throw a.bad("maxConcurrency", maxConcurrency + " is negative");
    }
    String executor = a.executor();
    ParallelSpec spec =
        new ParallelSpec(
            methodRef(type, method), collection, chunkSize, maxConcurrency, executor, merge);
    Plan plan =
        new Plan(
            "@Parallel",
            "@Parallel chunkSize="
                + chunkSize
                + " maxConcurrency="
                + (maxConcurrency == 0 ? "processors" : String.valueOf(maxConcurrency))
                + " executor="
                + executor
                + " merge="
                + merge,
            (loader, undo) -> ParallelSite.register(spec, loader, undo),
            merge == Merge.VOID ? ParallelVoidAdvice.class : ParallelAdvice.class);
    String limit = concurrencyLimit(maxConcurrency, executor);
    return limit == null ? plan : plan.warning(limit);
  }

  /**
   * Chunks run on the executor's threads and on the caller's: a {@code maxConcurrency} above that
   * cannot be met, and the user must hear it rather than find fewer chunks running.
   */
  static String concurrencyLimit(int maxConcurrency, String executor) {
    int wanted = maxConcurrency == 0 ? Runtime.getRuntime().availableProcessors() : maxConcurrency;
    long possible = (long) ExecutorRegistry.threads(executor) + 1;
    if (wanted <= possible) {
      return null;
    }
    return "@Parallel maxConcurrency="
        + wanted
        + " but executor \""
        + executor
        + "\" has "
        + (possible - 1)
        + " thread"
        + (possible == 2 ? "" : "s")
        + ": at most "
        + possible
        + " chunks run at once (its threads and the caller); set -D"
        + Config.executor(executor, "threads")
        + "="
        + (wanted - 1)
        + ", or for chunks that wait"
        + " on I/O an executor with "
        + Config.executor("<name>", "virtual")
        + "=true (Java 21+)";
  }
}
