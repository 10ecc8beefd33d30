package dev.overdrive.benchmarks;

/**
 * One variant of the looked-up method. Benchmarks call the concrete classes (one implementation per
 * call site); this interface is only for the set-up checks shared by all variants.
 */
interface Service {

  Long lookup(String key);

  Long lookup3(String tenant, int item, long version);

  /** How many times a body (of either method) actually ran: a hit does not count. */
  long bodyCalls();
}
