package dev.overdrive.agent.advice;

import dev.overdrive.runtime.Dispatch;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** {@code @Async} on a {@code void} method: submitted, the caller returns at once. */
public final class AsyncVoidAdvice {

  private AsyncVoidAdvice() {}

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
  static Object enter(
      @SiteId int site,
      @Advice.Origin Class<?> type,
      @Advice.This(optional = true) Object self,
      @Advice.AllArguments(typing = Assigner.Typing.DYNAMIC) Object[] args) {
    return Dispatch.asyncSubmit(site, args, self, type);
  }
}
