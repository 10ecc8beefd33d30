package dev.overdrive.agent.advice;

import dev.overdrive.runtime.Dispatch;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * {@code @Async} on a method returning a future: the call is submitted and its future returned; the
 * body runs only in the submitted task (where enter returns {@code null}).
 */
public final class AsyncAdvice {

  private AsyncAdvice() {}

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
  static Object enter(
      @SiteId int site,
      @Advice.Origin Class<?> type,
      @Advice.This(optional = true) Object self,
      @Advice.AllArguments(typing = Assigner.Typing.DYNAMIC) Object[] args) {
    return Dispatch.asyncSubmit(site, args, self, type);
  }

  @Advice.OnMethodExit
  static void exit(
      @Advice.Enter Object future,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned) {
    if (future != null) {
      returned = future;
    }
  }
}
