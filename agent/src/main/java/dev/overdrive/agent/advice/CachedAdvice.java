package dev.overdrive.agent.advice;

import dev.overdrive.runtime.Dispatch;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * {@code @Cached} on a method whose key is one parameter that cannot hold an array: the value is
 * the key as it is, so a hit allocates nothing. Inlined into the method; it may only call {@link
 * Dispatch}.
 *
 * <p>Enter returns the stored value on a hit (the body is skipped) and {@code null} on a miss,
 * after which the caller either leads the load ({@code flight} set, the body runs) or has been
 * handed another caller's result.
 */
public final class CachedAdvice {

  private CachedAdvice() {}

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
  static Object enter(
      @SiteId int site,
      @KeyArgument Object key,
      @Advice.This(optional = true) Object self,
      @Advice.Origin Class<?> type,
      @Advice.Local("odFlight") Object flight) {
    Object stored = Dispatch.cacheGet(site, key);
    if (stored == null) {
      flight = Dispatch.cacheMiss(site, key, self, type);
      stored = Dispatch.cacheShared(flight);
    }
    return stored;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class)
  static void exit(
      @SiteId int site,
      @Advice.Enter Object stored,
      @Advice.Local("odFlight") Object flight,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
      @Advice.Thrown Throwable thrown) {
    if (stored != null) {
      returned = Dispatch.cacheUnwrap(stored);
    } else {
      Dispatch.cacheComplete(site, flight, returned, thrown);
    }
  }
}
