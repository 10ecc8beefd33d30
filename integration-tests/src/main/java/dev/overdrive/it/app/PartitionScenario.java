package dev.overdrive.it.app;

import static dev.overdrive.it.app.FleetScenario.read;
import static dev.overdrive.it.app.FleetScenario.signal;
import static dev.overdrive.it.app.FleetScenario.waitFor;
import static dev.overdrive.it.app.FleetScenario.write;

import dev.overdrive.annotations.CacheInvalidate;
import dev.overdrive.annotations.Cached;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Two JVMs ({@code RemoteCacheIT}): A talks to Redis directly, B through a proxy that the test
 * makes drop every packet silently, so B's subscription goes quiet without closing. A invalidates a
 * key B holds; B must stop serving it once its heartbeat notices (the documented bound), and no
 * call of B may hang meanwhile. {@code java PartitionScenario <0|1> <dir>}.
 */
public final class PartitionScenario {

  @Cached(name = "parts", remote = true, ttl = "1m")
  static String part(String key) throws Exception {
    return read(key);
  }

  @CacheInvalidate(cache = "parts", key = 0)
  static void change(String key, String value) throws Exception {
    write(key, value);
  }

  public static void main(String[] args) throws Exception {
    int id = Integer.parseInt(args[0]);
    Path dir = Path.of(args[1]);
    FleetScenario.db = dir.resolve("db");
    Files.createDirectories(FleetScenario.db);
    if (id == 0) {
      write("p", "1");
      signal(dir, "written");
    } else {
      waitFor(dir.resolve("written"));
    }
    Checks.check("holds the value", () -> Checks.equal("1", part("p"), "p"));
    signal(dir, "held-" + id);
    waitFor(dir.resolve("dropping")); // the test: B's proxy now drops everything
    if (id == 0) {
      change("p", "2");
      signal(dir, "invalidated");
    } else {
      waitFor(dir.resolve("invalidated"));
      long start = System.nanoTime();
      long deadline = start + TimeUnit.SECONDS.toNanos(10);
      long slowest = 0;
      String seen;
      do {
        long t = System.nanoTime();
        seen = part("p");
        slowest = Math.max(slowest, System.nanoTime() - t);
        if (!"2".equals(seen)) {
          Thread.sleep(20);
        }
      } while (!"2".equals(seen) && System.nanoTime() < deadline);
      FleetScenario.fleet(
          "partition.staleMillis",
          "2".equals(seen) ? TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) : -1);
      FleetScenario.fleet("partition.slowestMillis", TimeUnit.NANOSECONDS.toMillis(slowest));
    }
    Checks.done();
  }
}
