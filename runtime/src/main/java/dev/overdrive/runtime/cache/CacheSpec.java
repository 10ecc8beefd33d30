package dev.overdrive.runtime.cache;

import dev.overdrive.runtime.MethodRef;
import java.time.Duration;
import java.util.Arrays;

/**
 * A {@code @Cached} method's settings, resolved and validated at transform time. Immutable.
 *
 * <p>{@code keyIndices} is never empty-as-default: an empty {@code key} attribute has already
 * been expanded to every parameter.
 */
public final class CacheSpec {

  final MethodRef method;
  final String name;
  final Duration ttl;
  final double jitter;
  final long maxSize;
  final Duration refreshAfter;
  final boolean cacheNulls;
  final int[] keyIndices;
  /** The key parameters' declared types (binary names, primitives as {@code int} etc.). */
  final String[] keyTypes;

  public CacheSpec(MethodRef method, String name, Duration ttl, double jitter, long maxSize,
      Duration refreshAfter, boolean cacheNulls, int[] keyIndices, String[] keyTypes) {
    if (keyTypes.length != keyIndices.length) {
      throw new IllegalArgumentException("a type for each key parameter");
    }
    this.method = method;
    this.name = name;
    this.ttl = ttl;
    this.jitter = jitter;
    this.maxSize = maxSize;
    this.refreshAfter = refreshAfter;
    this.cacheNulls = cacheNulls;
    this.keyIndices = keyIndices.clone();
    this.keyTypes = keyTypes.clone();
  }

  public MethodRef method() {
    return method;
  }

  /** The cache's name, shared with {@code @CacheInvalidate}. */
  public String name() {
    return name;
  }

  /** Indices of the key parameters, in key order. */
  public int[] keyIndices() {
    return keyIndices.clone();
  }

  /** What {@code overdrive.report} prints after the method name. */
  public String describe() {
    StringBuilder s = new StringBuilder("@Cached name=").append(name);
    if (ttl != null) {
      s.append(" ttl=").append(ttl);
      if (jitter > 0) {
        s.append(" jitter=").append(jitter);
      }
    }
    s.append(" maxSize=").append(maxSize);
    if (refreshAfter != null) {
      s.append(" refreshAfter=").append(refreshAfter);
    }
    s.append(" cacheNulls=").append(cacheNulls).append(" key=").append(Arrays.toString(keyIndices));
    return s.toString();
  }
}
