package dev.overdrive.agent.advice;

import dev.overdrive.runtime.Dispatch;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * {@code @Cached} on a method whose key is several parameters, none, or one that may hold an array:
 * the runtime builds a content-compared key from the arguments. Same protocol as {@link
 * CachedAdvice}.
 */
public final class CachedArgumentsAdvice {

  private CachedArgumentsAdvice() {}

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
  static Object enter(
      @SiteId int site,
      @Advice.AllArguments(typing = Assigner.Typing.DYNAMIC, nullIfEmpty = true) Object[] args,
      @Advice.This(optional = true) Object self,
      @Advice.Origin Class<?> type,
      @Advice.Local("odFlight") Object flight) {
    Object key = Dispatch.cacheKey(site, args);
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
