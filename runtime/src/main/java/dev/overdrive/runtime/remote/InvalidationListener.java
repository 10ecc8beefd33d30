package dev.overdrive.runtime.remote;

/**
 * What a JVM hears on the invalidation channel. Called on the tier's subscriber thread, one message
 * at a time: keep it short (drop local entries, nothing that waits).
 */
public interface InvalidationListener {

  /**
   * Another JVM invalidated one key of {@code cache}. {@code key} is its {@link KeyCodec} encoding
   * ({@link KeyCodec#decode} gives the values back).
   */
  void onInvalidate(String cache, String key);

  /** Another JVM invalidated every key of {@code cache}. */
  void onInvalidateAll(String cache);

  /**
   * Invalidations may have been missed: the subscription was lost, or stayed silent past the
   * heartbeat's bound, or has just been established again after that. Local entries of remote
   * caches may be stale: drop them.
   */
  void onPossiblyMissedInvalidations();
}
