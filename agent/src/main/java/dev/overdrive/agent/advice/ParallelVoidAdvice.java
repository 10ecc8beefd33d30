package dev.overdrive.agent.advice;

import dev.overdrive.runtime.Dispatch;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** {@code @Parallel} on a {@code void} method: returns when every chunk is done. */
public final class ParallelVoidAdvice {

  private ParallelVoidAdvice() {}

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
  static Object enter(
      @SiteId int site,
      @Advice.Origin Class<?> type,
      @Advice.This(optional = true) Object self,
      @Advice.AllArguments(typing = Assigner.Typing.DYNAMIC) Object[] args) {
    return Dispatch.parallelRun(site, args, self, type);
  }
}
