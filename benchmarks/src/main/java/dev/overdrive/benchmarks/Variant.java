package dev.overdrive.benchmarks;

/** The variants of {@link CacheHitBenchmark}, by the prefix of their benchmark methods. */
enum Variant {
  PLAIN("plain", "plain method"),
  CAFFEINE("caffeine", "Caffeine"),
  CAFFEINE_STATS("caffeineStats", "Caffeine + stats"),
  CACHED("cached", "@Cached"),
  SPRING("spring", "Spring"),
  SPRING_STATS("springStats", "Spring + stats");

  final String prefix;
  final String label;

  Variant(String prefix, String label) {
    this.prefix = prefix;
    this.label = label;
  }
}
