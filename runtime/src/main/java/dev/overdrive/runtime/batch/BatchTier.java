package dev.overdrive.runtime.batch;

/**
 * A shared cache tier in front of a batch ({@code @Cached(remote = true)} on a {@code @Batched}
 * method): the batch's keys are read in one round trip before the bulk call, only the keys not
 * found reach the bulk method, and its values are written back in one round trip. Implemented by
 * the cache package; JDK types only.
 */
public interface BatchTier {

  /** One batch's exchange with the tier. */
  interface Exchange {
    /** Whether the tier held key {@code i} of the batch. */
    boolean found(int i);

    /** The value of a found key. */
    Object value(int i);

    /** Writes the bulk call's values of the keys not found ({@code values[i]} for key i). */
    void store(Object[] values);
  }

  /** Reads every key of a batch; never throws (the tier down: nothing is found). */
  Exchange read(Object[] keys);
}
