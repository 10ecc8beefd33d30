package dev.overdrive.agent;

/** Our annotations' names: the agent matches by name and never loads the annotation classes. */
final class Names {

  static final String PACKAGE = "dev.overdrive.annotations.";
  static final String CACHED = PACKAGE + "Cached";
  static final String CACHE_INVALIDATE = PACKAGE + "CacheInvalidate";
  static final String CACHE_INVALIDATE_LIST = PACKAGE + "CacheInvalidate$List";
  static final String BATCHED = PACKAGE + "Batched";
  static final String ASYNC = PACKAGE + "Async";
  static final String PARALLEL = PACKAGE + "Parallel";

  private Names() {}
}
