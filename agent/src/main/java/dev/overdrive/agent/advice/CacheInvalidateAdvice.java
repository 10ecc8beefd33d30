package dev.overdrive.agent.advice;

import dev.overdrive.runtime.Dispatch;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * {@code @CacheInvalidate}: after a normal return (an exception skips it), removes the entries. The
 * arguments are those the method was called with, even if its body reassigned them.
 */
public final class CacheInvalidateAdvice {

  private CacheInvalidateAdvice() {}

  @Advice.OnMethodExit
  static void exit(
      @SiteId int site,
      @Advice.AllArguments(typing = Assigner.Typing.DYNAMIC, nullIfEmpty = true) Object[] args) {
    Dispatch.cacheInvalidate(site, args);
  }
}
