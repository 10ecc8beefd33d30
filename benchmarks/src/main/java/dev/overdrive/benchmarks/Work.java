package dev.overdrive.benchmarks;

/**
 * The body every variant caches: cheap and deterministic, so the plain variant shows the cost of
 * the call itself. Its result is a boxed {@code long} outside the {@code Long} cache, so the plain
 * variant allocates what a real lookup would: its result.
 */
final class Work {

  private Work() {}

  static Long of(String key) {
    return mix(key.hashCode());
  }

  static Long of(String tenant, int item, long version) {
    return mix((tenant.hashCode() * 31L + item) * 31L + version);
  }

  /** MurmurHash3's finalizer: keeps the JIT from folding the body into something trivial. */
  private static long mix(long x) {
    x ^= x >>> 33;
    x *= 0xff51afd7ed558ccdL;
    x ^= x >>> 33;
    x *= 0xc4ceb9fe1a85ec53L;
    return (x ^ (x >>> 33)) | Long.MIN_VALUE; // negative, never in [-128, 127]: a fresh box
  }
}
