package dev.overdrive.benchmarks;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The keys every variant is asked for. Key {@code i} (0 &le; i &lt; {@link #KEYS}) is {@code
 * "key-i"} for the 1-argument method and {@code ("tenant-(i/1024)", i%1024, 1000000+i)} for the
 * 3-argument method. Samples are drawn once, from a fixed seed, so every variant and every fork
 * sees the same sequence.
 */
final class KeySpace {

  /** Distinct keys per method; every one of them is put in the cache before measuring. */
  static final int KEYS = 32_768;

  /** Room for every key, so nothing is ever evicted and every measured call is a hit. */
  static final int MAX_SIZE = 65_536;

  /** Length of a sample sequence (a power of two, so the cursor wraps with a mask). */
  static final int SAMPLES = 1 << 16;

  /** YCSB's default skew: a few keys take most of the traffic, the tail is long. */
  static final double ZIPF_EXPONENT = 0.99;

  private static final long SEED = 42;

  private KeySpace() {}

  // Each call builds a new String, so a cache filled through these holds keys that are equal to,
  // but not the same objects as, the sampled ones: a lookup compares contents, as it does when
  // keys come from requests.
  static String key(int i) {
    return "key-" + i;
  }

  static String tenant(int i) {
    return "tenant-" + (i >>> 10);
  }

  static int item(int i) {
    return i & 1023;
  }

  static long version(int i) {
    return 1_000_000L + i;
  }

  /** Key ids for {@code distribution}: {@code hot} (always key 0) or {@code zipf}. */
  static int[] sample(String distribution) {
    switch (distribution) {
      case "hot":
        return new int[SAMPLES];
      case "zipf":
        return zipf(KEYS, ZIPF_EXPONENT, SAMPLES, SEED);
      default:
        throw new IllegalArgumentException("unknown key distribution: " + distribution);
    }
  }

  /**
   * {@code samples} ids in [0, n), id {@code k} drawn with probability proportional to 1/(k+1)^s.
   */
  static int[] zipf(int n, double s, int samples, long seed) {
    double[] cumulative = new double[n];
    double total = 0;
    for (int k = 0; k < n; k++) {
      total += 1.0 / Math.pow(k + 1, s);
      cumulative[k] = total;
    }
    SplittableRandom random = new SplittableRandom(seed);
    int[] ids = new int[samples];
    for (int j = 0; j < samples; j++) {
      int at = Arrays.binarySearch(cumulative, random.nextDouble() * total);
      ids[j] = Math.min(at < 0 ? -at - 1 : at, n - 1);
    }
    return ids;
  }
}
