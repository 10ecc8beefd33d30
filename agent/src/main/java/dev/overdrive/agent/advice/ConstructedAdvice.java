package dev.overdrive.agent.advice;

import dev.overdrive.runtime.Dispatch;
import net.bytebuddy.asm.Advice;

/**
 * On the constructors of a class with a durable {@code @Async} instance method: after a constructor
 * returns normally, the first instance after a restart runs that method's unfinished calls.
 * Inlined; it may only call {@link Dispatch}.
 */
public final class ConstructedAdvice {

  private ConstructedAdvice() {}

  @Advice.OnMethodExit
  static void exit(@SiteId int site, @Advice.This Object self, @Advice.Origin Class<?> type) {
    Dispatch.asyncConstructed(site, self, type);
  }
}
