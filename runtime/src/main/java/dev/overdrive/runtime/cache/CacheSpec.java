package dev.overdrive.runtime.cache;

import java.time.Duration;
import java.util.Arrays;

/**
 * A {@code @Cached} method's settings, resolved and validated at transform time. Immutable.
 *
 * <p>{@code keyIndices} is never empty-as-default: an empty {@code key} attribute has already
 * been expanded to every parameter.
 */
public final class CacheSpec {

  final String className;
  final String methodName;
  final String descriptor;
  final boolean isStatic;
  final String name;
  final Duration ttl;
  final double jitter;
  final long maxSize;
  final Duration refreshAfter;
  final boolean cacheNulls;
  final int[] keyIndices;
  final int parameterCount;

  public CacheSpec(String className, String methodName, String descriptor, boolean isStatic,
      String name, Duration ttl, double jitter, long maxSize, Duration refreshAfter,
      boolean cacheNulls, int[] keyIndices, int parameterCount) {
    this.className = className;
    this.methodName = methodName;
    this.descriptor = descriptor;
    this.isStatic = isStatic;
    this.name = name;
    this.ttl = ttl;
    this.jitter = jitter;
    this.maxSize = maxSize;
    this.refreshAfter = refreshAfter;
    this.cacheNulls = cacheNulls;
    this.keyIndices = keyIndices.clone();
    this.parameterCount = parameterCount;
  }

  /** {@code fully.qualified.Class#method}, as used in messages and the {@code method} tag. */
  public String method() {
    return className + "#" + methodName;
  }

  public String name() {
    return name;
  }

  /** Indices of the key parameters, in key order. */
  public int[] keyIndices() {
    return keyIndices.clone();
  }

  /** Identifies the method within its class loader, so a retransformation finds its site again. */
  String identity() {
    return className + "#" + methodName + descriptor;
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
