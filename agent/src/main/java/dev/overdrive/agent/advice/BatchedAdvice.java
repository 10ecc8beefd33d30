package dev.overdrive.agent.advice;

import dev.overdrive.runtime.Dispatch;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * {@code @Batched}: the key joins a batch and the bulk method answers; the body never runs. Enter
 * returns the value (or the future of it) in a non-null form, so the body is skipped.
 */
public final class BatchedAdvice {

  private BatchedAdvice() {}

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
  static Object enter(
      @SiteId int site,
      @Advice.Origin Class<?> type,
      @Advice.This(optional = true) Object self,
      @Advice.Argument(value = 0, typing = Assigner.Typing.DYNAMIC) Object key) {
    return Dispatch.batch(site, key, self, type);
  }

  @Advice.OnMethodExit
  static void exit(
      @Advice.Enter Object result,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned) {
    if (result != null) {
      returned = Dispatch.batchUnwrap(result);
    }
  }
}
