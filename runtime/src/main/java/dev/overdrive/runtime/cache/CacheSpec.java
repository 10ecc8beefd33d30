package dev.overdrive.runtime.cache;

import dev.overdrive.runtime.MethodRef;
import java.time.Duration;
import java.util.Arrays;

/**
 * A {@code @Cached} method's settings, resolved and validated at transform time. Immutable.
 *
 * <p>{@code keyIndices} is never empty-as-default: an empty {@code key} attribute has already been
 * expanded to every parameter.
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

  /** {@code remote = true}, and its key types have a stable encoding (else the planner said so). */
  final boolean remote;

  /** A remote cache's local lifetime; {@code null}: the ttl. */
  final Duration localTtl;

  /** Packages of the return type and its type arguments: the value codec's allow-list. */
  final String[] valuePackages;

  public CacheSpec(
      MethodRef method,
      String name,
      Duration ttl,
      double jitter,
      long maxSize,
      Duration refreshAfter,
      boolean cacheNulls,
      int[] keyIndices,
      String[] keyTypes) {
    this(
        method,
        name,
        ttl,
        jitter,
        maxSize,
        refreshAfter,
        cacheNulls,
        keyIndices,
        keyTypes,
        false,
        null,
        new String[0]);
  }

  public CacheSpec(
      MethodRef method,
      String name,
      Duration ttl,
      double jitter,
      long maxSize,
      Duration refreshAfter,
      boolean cacheNulls,
      int[] keyIndices,
      String[] keyTypes,
      boolean remote,
      Duration localTtl,
      String[] valuePackages) {
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
    this.remote = remote;
    this.localTtl = localTtl;
    this.valuePackages = valuePackages.clone();
  }

  /** Whether the cache asks for the Redis tier ({@code @Cached(remote = true)}). */
  public boolean remote() {
    return remote;
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
    if (remote) {
      s.append(" remote=true localTtl=").append(localTtl != null ? localTtl : "ttl");
    }
    return s.toString();
  }
}
