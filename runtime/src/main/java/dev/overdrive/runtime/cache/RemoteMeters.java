package dev.overdrive.runtime.cache;

import dev.overdrive.runtime.metrics.MeterSink;
import dev.overdrive.runtime.remote.RemoteCache;
import java.util.List;

/** API.md's {@code overdrive.remote.*} meters of one remote cache, read from its counters. */
final class RemoteMeters {

  private RemoteMeters() {}

  static void bind(
      MeterSink sink, RemoteSide side, List<Runnable> removers, String cache, String method) {
    RemoteCache.Counters c = side.cache.counters();
    String[] tags = {"cache", cache, "method", method};
    String gets = "overdrive.remote.gets";
    String getsHelp = "Redis reads of local misses";
    sink.counter(gets, getsHelp, c, x -> x.hits.sum(), removers, with(tags, "result", "hit"));
    sink.counter(gets, getsHelp, c, x -> x.misses.sum(), removers, with(tags, "result", "miss"));
    sink.counter(gets, getsHelp, c, x -> x.errors.sum(), removers, with(tags, "result", "error"));
    sink.timer(
        "overdrive.remote.latency",
        "Redis reads, round trip",
        c,
        x -> x.reads.sum(),
        x -> x.latencyNanos.sum(),
        removers,
        tags);
    String inv = "overdrive.remote.invalidations";
    String invHelp = "Invalidations sent to and received from the fleet";
    sink.counter(
        inv, invHelp, c, x -> x.invalidationsSent.sum(), removers, with(tags, "direction", "sent"));
    sink.counter(
        inv,
        invHelp,
        c,
        x -> x.invalidationsReceived.sum(),
        removers,
        with(tags, "direction", "received"));
    side.bytes =
        sink.summary(
            "overdrive.remote.bytes",
            "Size of values stored in Redis, after" + " compression",
            removers,
            tags);
    Fleet.bindGauge(sink, removers);
  }

  private static String[] with(String[] tags, String key, String value) {
    String[] all = java.util.Arrays.copyOf(tags, tags.length + 2);
    all[tags.length] = key;
    all[tags.length + 1] = value;
    return all;
  }
}
