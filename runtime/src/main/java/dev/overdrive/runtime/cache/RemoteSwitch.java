package dev.overdrive.runtime.cache;

import dev.overdrive.runtime.Log;
import dev.overdrive.runtime.config.Config;

/**
 * Whether a {@code @Cached(remote = true)} cache gets its Redis tier in this JVM, decided from the
 * properties alone. It refers to nothing in {@code runtime.remote}: a JVM whose remote caches run
 * local-only (no {@code overdrive.redis.uri}, or {@code overdrive.remote.enabled=false}) never
 * loads the Redis client.
 */
final class RemoteSwitch {

  private static volatile boolean toldUnset;

  private RemoteSwitch() {}

  /** True if {@code spec}'s cache is to use Redis; says once why not when the uri is unset. */
  static boolean on(CacheSpec spec) {
    if (!spec.remote) {
      return false;
    }
    Config config = Config.system();
    if (!config.bool(Config.REMOTE_ENABLED, true)) {
      return false;
    }
    String uri = config.raw(Config.REDIS_URI);
    if (uri == null || uri.isEmpty()) {
      if (!toldUnset) {
        toldUnset = true;
        Log.warn(
            Config.REDIS_URI,
            "unset, so @Cached(remote = true) caches run local-only: "
                + spec.method
                + " (cache \""
                + spec.name
                + "\"), and any later one"
                + " (overdrive.report lists each)");
      }
      return false;
    }
    return true;
  }
}
