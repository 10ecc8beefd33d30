package dev.overdrive.agent.advice;

import dev.overdrive.runtime.Dispatch;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * {@code @Parallel} on a method with a result: the merged result of the chunks is returned; the
 * body runs only for a chunk, or for a collection too small to split.
 */
public final class ParallelAdvice {

  private ParallelAdvice() {}

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
  static Object enter(
      @SiteId int site,
      @Advice.Origin Class<?> type,
      @Advice.This(optional = true) Object self,
      @Advice.AllArguments(typing = Assigner.Typing.DYNAMIC) Object[] args) {
    return Dispatch.parallelRun(site, args, self, type);
  }

  @Advice.OnMethodExit
  static void exit(
      @Advice.Enter Object merged,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned) {
    if (merged != null) {
      returned = merged;
    }
  }
}
