package dev.overdrive.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.overdrive.it.Scenarios.Scenario;
import dev.overdrive.runtime.remote.RedisServerProcess;
import dev.overdrive.runtime.remote.TcpProxy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code @Cached(remote = true)} under the real agent: three JVMs ({@code FleetScenario}) share one
 * {@code redis-server} of this test's own, which it kills and restarts mid-run; counts printed by
 * the JVMs are added up here. And a JVM without a Redis uri, or without a remote cache, never loads
 * the Redis client.
 */
class RemoteCacheIT {

  private static final String FLEET = "dev.overdrive.it.app.FleetScenario";
  private static final String LOCAL_ONLY = "dev.overdrive.it.app.RemoteLocalOnlyScenario";
  private static final String PLAIN = "dev.overdrive.it.app.PlainCacheScenario";
  private static final String PARTITION = "dev.overdrive.it.app.PartitionScenario";

  /** The tier's default command timeout, and what a call may take beyond it on a busy machine. */
  private static final long TIMEOUT_MILLIS = 100;

  private static final long SLACK_MILLIS = 150;

  /**
   * What the three JVMs printed, and Redis's command counts while A's batch loaded and while B's
   * and C's read it.
   */
  private record FleetRun(
      List<Jvm.Result> jvms, Map<String, Long> loading, Map<String, Long> reading) {
    FleetRun(List<Jvm.Result> jvms) {
      this(jvms, Map.of(), Map.of());
    }

    long sum(String counter) {
      long sum = 0;
      for (Jvm.Result r : jvms) {
        for (String line : r.stdout()) {
          if (line.startsWith("FLEET " + counter + " ")) {
            sum += Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
          }
        }
      }
      return sum;
    }

    List<Long> values(String prefix) {
      List<Long> all = new ArrayList<>();
      for (Jvm.Result r : jvms) {
        for (String line : r.stdout()) {
          if (line.startsWith(prefix + " ")) {
            all.add(Long.parseLong(line.substring(prefix.length() + 1).trim()));
          }
        }
      }
      Collections.sort(all);
      return all;
    }

    String describe() {
      StringBuilder s = new StringBuilder();
      for (int i = 0; i < jvms.size(); i++) {
        s.append("=== JVM ").append(i).append(": ").append(jvms.get(i).describe()).append('\n');
      }
      return s.toString();
    }
  }

  @TestFactory
  Stream<DynamicNode> threeJvmsShareOneRedis() {
    return Jvm.jdks().stream().map(RemoteCacheIT::fleetOn);
  }

  private static DynamicNode fleetOn(Jvm.Jdk jdk) {
    FleetRun run;
    try {
      run = runFleet(jdk);
    } catch (Exception e) {
      return DynamicTest.dynamicTest("a fleet on " + jdk, () -> fail("cannot run the fleet", e));
    }
    FleetRun r = run;
    List<DynamicNode> tests = new ArrayList<>();
    tests.add(
        DynamicTest.dynamicTest(
            "every JVM ran to completion",
            () -> {
              for (Jvm.Result j : r.jvms()) {
                assertEquals(0, j.exitCode(), r.describe());
                assertTrue(j.stdout().contains("DONE"), r.describe());
              }
            }));
    for (int i = 0; i < r.jvms().size(); i++) {
      for (String line : r.jvms().get(i).stdout()) {
        if (line.startsWith("FAIL ")) {
          tests.add(
              DynamicTest.dynamicTest(
                  "JVM " + i + ": " + line, () -> fail(line + "\n" + r.describe())));
        }
      }
    }
    tests.add(
        DynamicTest.dynamicTest(
            "a value loaded by A is a remote hit in B and C",
            () ->
                assertEquals(
                    1, r.sum("price.bodies"), "bodies run in the fleet\n" + r.describe())));
    tests.add(
        DynamicTest.dynamicTest(
            "@Cached(remote) + @Batched futures: one JVM's bulk loads",
            () ->
                assertEquals(
                    64,
                    r.sum("quotes.bulk.keys"),
                    "keys sent to bulk methods in the" + " fleet\n" + r.describe())));
    tests.add(
        DynamicTest.dynamicTest(
            "a batch of 64 is one MGET, and its values one pipeline",
            () -> {
              System.out.println(
                  "RemoteCacheIT "
                      + jdk
                      + ": Redis commands while A's batch of 64"
                      + " loaded "
                      + r.loading()
                      + ", while B and C read it "
                      + r.reading());
              // A burst of futures from one thread usually goes as one batch, sometimes a few.
              long batches = r.sum("quotes.bulk.calls");
              assertTrue(batches >= 1 && batches <= 8, "A's bulk calls: " + batches);
              assertEquals(batches, r.loading().getOrDefault("mget", 0L), "one MGET per batch");
              assertEquals(64L, r.loading().getOrDefault("eval", 0L), "A's 64 writes, pipelined");
              long reads = r.reading().getOrDefault("mget", 0L);
              assertTrue(
                  reads >= 2 && reads <= 16,
                  "one MGET per batch in B and C, not per key: " + reads);
              assertEquals(0L, r.reading().getOrDefault("eval", 0L), "nothing written");
            }));
    tests.add(
        DynamicTest.dynamicTest(
            "3 JVMs x 32 threads missing one key run the body once",
            () ->
                assertEquals(1, r.sum("hot.bodies"), "bodies run in the fleet\n" + r.describe())));
    tests.add(
        DynamicTest.dynamicTest(
            "an invalidation in A reaches B and C, p50/p99 measured",
            () -> {
              List<Long> micros = r.values("PROPAGATION");
              assertEquals(0, r.sum("propagation.never"), r.describe());
              assertEquals(80, micros.size(), "2 JVMs x 40 rounds\n" + r.describe());
              long p50 = micros.get(micros.size() / 2);
              long p99 = micros.get((int) Math.ceil(micros.size() * 0.99) - 1);
              System.out.printf(
                  "RemoteCacheIT %s: invalidation propagation p50 %.2f ms, p99 %.2f ms,"
                      + " max %.2f ms (%d samples)%n",
                  jdk, p50 / 1e3, p99 / 1e3, micros.get(micros.size() - 1) / 1e3, micros.size());
              assertTrue(p99 <= 250_000, "p99 " + p99 + " us");
            }));
    tests.add(
        DynamicTest.dynamicTest(
            "no stale read after the invalidation was seen",
            () -> assertEquals(0, r.sum("propagation.stale"), r.describe())));
    tests.add(
        DynamicTest.dynamicTest(
            "a value outside the allow-list is never deserialized",
            () -> {
              assertEquals(0, r.sum("foreign.deserialized"), r.describe());
              assertEquals(3, r.sum("foreign.bodies"), "B and C reload it\n" + r.describe());
              for (int i = 1; i < 3; i++) {
                List<String> told =
                    Jvm.matching(
                        r.jvms().get(i).stderr(),
                        "WARN",
                        "FleetScenario#foreign",
                        "outside the allow-list");
                assertEquals(1, told.size(), "told once in JVM " + i + "\n" + r.describe());
              }
            }));
    tests.add(
        DynamicTest.dynamicTest(
            "a value that cannot be serialized stays local",
            () -> {
              assertEquals(3, r.sum("local.bodies"), "each JVM loads its own\n" + r.describe());
              assertEquals(
                  1,
                  Jvm.matching(
                          r.jvms().get(0).stderr(),
                          "WARN",
                          "FleetScenario#local",
                          "cannot be serialized")
                      .size(),
                  r.describe());
            }));
    tests.add(
        DynamicTest.dynamicTest(
            "Redis killed: no call fails, none waits past the timeout",
            () -> {
              assertEquals(0, r.sum("outage.failures"), r.describe());
              List<Long> worst = r.values("OUTAGE_WORST_MICROS");
              assertEquals(3, worst.size(), r.describe());
              long max = worst.get(worst.size() - 1);
              System.out.printf(
                  "RemoteCacheIT %s: slowest call while Redis was down %.2f ms%n", jdk, max / 1e3);
              assertTrue(max <= (TIMEOUT_MILLIS + SLACK_MILLIS) * 1000, "slowest " + max + " us");
            }));
    tests.add(
        DynamicTest.dynamicTest(
            "after Redis restarts the tier resumes",
            () -> {
              List<Long> reconnect = r.values("RECONNECT_MILLIS");
              System.out.println(
                  "RemoteCacheIT " + jdk + ": reconnected after " + reconnect + " ms");
              assertEquals(
                  1,
                  r.sum("after.bodies"),
                  "a value loaded after the restart is shared\n" + r.describe());
            }));
    tests.add(
        DynamicTest.dynamicTest(
            "the overdrive.remote meters count what happened",
            () -> {
              assertEquals(
                  2,
                  r.sum("meter.gets.hit"),
                  "B's and C's remote hits of price(1)\n" + r.describe());
              long sent = r.sum("meter.invalidations.sent");
              // A's 40 rounds, and the one made during the outage once the watch has sent it (<= 1
              // s).
              assertTrue(sent == 40 || sent == 41, "sent " + sent + "\n" + r.describe());
              long received = r.sum("meter.invalidations.received");
              assertTrue(received >= 80 && received <= 82, "B and C heard each round: " + received);
              assertEquals(3, r.sum("meter.latency.count"), r.describe());
              assertTrue(r.sum("meter.bytes.count") >= 1, r.describe());
            }));
    tests.add(
        DynamicTest.dynamicTest(
            "overdrive.report shows each cache's tier and Redis",
            () -> {
              List<String> err = r.jvms().get(0).stderr();
              assertEquals(
                  1,
                  Jvm.matching(
                          err,
                          "remote tier: redis://",
                          "prefix=fleet-it",
                          "timeout=100ms",
                          "started by")
                      .size(),
                  r.describe());
              assertEquals(
                  1,
                  Jvm.matching(err, "FleetScenario#price", "tier=local+redis").size(),
                  r.describe());
              assertEquals(
                  1,
                  Jvm.matching(
                          err,
                          "remote tier: redis://",
                          " connected, subscribed;",
                          "breaker opened 1x")
                      .size(),
                  "the state at exit, after one outage\n" + r.describe());
            }));
    tests.add(
        DynamicTest.dynamicTest(
            "no transformation error",
            () -> {
              for (Jvm.Result j : r.jvms()) {
                assertEquals(List.of(), Jvm.matching(j.stderr(), "ERROR"), r.describe());
              }
            }));
    return DynamicContainer.dynamicContainer("a fleet of three JVMs on " + jdk, tests);
  }

  /**
   * Starts Redis and the three JVMs, kills Redis once JVM A's slow load has begun and restarts it
   * once every JVM made its calls during the outage; every wait bounded.
   */
  private static FleetRun runFleet(Jvm.Jdk jdk) throws Exception {
    Path dir = Files.createTempDirectory("fleet");
    List<Process> processes = new ArrayList<>();
    List<Path[]> outputs = new ArrayList<>();
    try (RedisServerProcess redis = RedisServerProcess.start()) {
      for (int id = 0; id < 3; id++) {
        List<String> command =
            Jvm.command(
                jdk,
                true,
                false,
                List.of(
                    Jvm.AGENT,
                    "-Doverdrive.redis.uri=" + redis.uri(),
                    "-Doverdrive.redis.prefix=fleet-it",
                    "-Doverdrive.report=" + (id == 0)),
                FLEET,
                Integer.toString(id),
                dir.toString());
        Path out = dir.resolve("jvm" + id + ".out");
        Path err = dir.resolve("jvm" + id + ".err");
        outputs.add(new Path[] {out, err});
        processes.add(
            new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start());
      }
      for (int id = 0; id < 3; id++) {
        awaitFile(dir.resolve("quotes." + id), processes);
      }
      redis.resetStats();
      Files.writeString(dir.resolve("quotes-go"), "");
      awaitFile(dir.resolve("quotes-loaded"), processes);
      Map<String, Long> loading = redis.commandStats();
      redis.resetStats();
      Files.writeString(dir.resolve("quotes-read-go"), "");
      awaitFile(dir.resolve("quotes-read-1"), processes);
      awaitFile(dir.resolve("quotes-read-2"), processes);
      Map<String, Long> reading = redis.commandStats();
      awaitFile(dir.resolve("loading"), processes);
      redis.kill();
      Files.writeString(dir.resolve("killed"), "");
      for (int id = 0; id < 3; id++) {
        awaitFile(dir.resolve("outage-calls-" + id), processes);
      }
      redis.restart();
      Files.writeString(dir.resolve("restarted"), "");
      return new FleetRun(finish(processes, outputs), loading, reading);
    } catch (IllegalStateException e) {
      throw withOutputs(e, outputs);
    } finally {
      for (Process p : processes) {
        p.destroyForcibly();
      }
    }
  }

  /** Waits (bounded) for every JVM to exit and collects what each printed. */
  private static List<Jvm.Result> finish(List<Process> processes, List<Path[]> outputs)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    List<Jvm.Result> results = new ArrayList<>();
    for (int id = 0; id < processes.size(); id++) {
      Process p = processes.get(id);
      if (!p.waitFor(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        throw new IllegalStateException("JVM " + id + " did not finish");
      }
      results.add(
          new Jvm.Result(p.exitValue(), read(outputs.get(id)[0]), read(outputs.get(id)[1])));
    }
    return results;
  }

  private static IllegalStateException withOutputs(IllegalStateException e, List<Path[]> outputs)
      throws IOException {
    StringBuilder printed = new StringBuilder(e.getMessage());
    for (Path[] o : outputs) {
      printed
          .append("\n=== ")
          .append(o[0].getFileName())
          .append('\n')
          .append(String.join("\n", read(o[0])))
          .append('\n')
          .append(String.join("\n", read(o[1])));
    }
    return new IllegalStateException(printed.toString(), e);
  }

  /** Waits (bounded) for a file a fleet JVM writes; fails at once if one of them died. */
  private static void awaitFile(Path file, List<Process> processes) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(file)) {
      for (Process p : processes) {
        if (!p.isAlive()) {
          throw new IllegalStateException(
              "a fleet JVM exited (" + p.exitValue() + ") before " + file.getFileName());
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("waited too long for " + file.getFileName());
      }
      Thread.sleep(2);
    }
  }

  private static List<String> read(Path file) throws IOException {
    return Files.readAllLines(file, StandardCharsets.UTF_8);
  }

  /**
   * B's path to Redis goes silent (a proxy drops every packet, closing nothing) while A invalidates
   * a key B holds: B's heartbeat notices within its 3 s bound and B stops serving the old value; no
   * call of B waits past the timeout meanwhile.
   */
  @TestFactory
  Stream<DynamicNode> aSilentlyDroppedSubscriptionBoundsStaleness() {
    return Jvm.jdks().stream()
        .map(
            jdk -> {
              FleetRun run;
              try {
                run = runPartition(jdk);
              } catch (Exception e) {
                return DynamicTest.dynamicTest(
                    "a partition on " + jdk, () -> fail("cannot run", e));
              }
              FleetRun r = run;
              return DynamicTest.dynamicTest(
                  "a partition on " + jdk,
                  () -> {
                    for (Jvm.Result j : r.jvms()) {
                      assertEquals(0, j.exitCode(), r.describe());
                      assertEquals(List.of(), Jvm.matching(j.stdout(), "FAIL"), r.describe());
                    }
                    long stale = r.sum("partition.staleMillis");
                    long slowest = r.sum("partition.slowestMillis");
                    System.out.println(
                        "RemoteCacheIT "
                            + jdk
                            + ": silent partition, old value served for "
                            + stale
                            + " ms after the invalidation; slowest call "
                            + slowest
                            + " ms");
                    assertTrue(
                        stale >= 0 && stale <= 3_000 + 1_000 + 1_000,
                        "stale for " + stale + " ms\n" + r.describe());
                    assertTrue(
                        slowest <= TIMEOUT_MILLIS + SLACK_MILLIS, "slowest " + slowest + " ms");
                  });
            });
  }

  private static FleetRun runPartition(Jvm.Jdk jdk) throws Exception {
    Path dir = Files.createTempDirectory("partition");
    List<Process> processes = new ArrayList<>();
    List<Path[]> outputs = new ArrayList<>();
    try (RedisServerProcess redis = RedisServerProcess.start();
        TcpProxy proxy = new TcpProxy(redis.port())) {
      for (int id = 0; id < 2; id++) {
        String uri = id == 0 ? redis.uri() : proxy.uri();
        List<String> command =
            Jvm.command(
                jdk,
                true,
                false,
                List.of(
                    Jvm.AGENT, // FleetScenario's
                    "-Doverdrive.redis.uri=" + uri),
                PARTITION,
                Integer.toString(id),
                dir.toString());
        Path out = dir.resolve("jvm" + id + ".out");
        Path err = dir.resolve("jvm" + id + ".err");
        outputs.add(new Path[] {out, err});
        processes.add(
            new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start());
      }
      awaitFile(dir.resolve("held-0"), processes);
      awaitFile(dir.resolve("held-1"), processes);
      proxy.drop(true);
      Files.writeString(dir.resolve("dropping"), "");
      return new FleetRun(finish(processes, outputs));
    } catch (IllegalStateException e) {
      throw withOutputs(e, outputs);
    } finally {
      for (Process p : processes) {
        p.destroyForcibly();
      }
    }
  }

  /**
   * Without {@code overdrive.redis.uri} remote caches run local-only, told once, and the Redis
   * client is never loaded; nor is it in a program without remote caches when a uri is set.
   */
  @TestFactory
  Stream<DynamicNode> withoutRedisNothingOfTheClientLoads() {
    Scenario remote =
        new Scenario(
            "remote caches without a Redis uri",
            false,
            List.of(Jvm.AGENT, "-Xlog:class+load=info:stdout"),
            LOCAL_ONLY,
            List.of(),
            r -> {
              // Only the key codec, which the agent asks whether a key type has a stable encoding,
              // and the switch that reads the properties.
              List<String> loaded = loadedRemoteClasses(r);
              loaded.removeIf(
                  l ->
                      l.contains("dev.overdrive.runtime.remote.KeyCodec ")
                          || l.contains("dev.overdrive.runtime.cache.RemoteSwitch "));
              assertEquals(List.of(), loaded, r.describe());
              List<String> told = Jvm.matching(r.stderr(), "WARN overdrive.redis.uri: unset");
              assertEquals(1, told.size(), r.describe());
              assertTrue(told.get(0).contains("RemoteLocalOnlyScenario"), told.get(0));
              assertEquals(
                  1,
                  Jvm.matching(
                          r.stderr(),
                          "WARN",
                          "RemoteLocalOnlyScenario#bySku",
                          "runs local-only",
                          "RemoteLocalOnlyScenario$Sku")
                      .size(),
                  r.describe());
            });
    Scenario plain =
        new Scenario(
            "a plain @Cached program with a Redis uri",
            false,
            List.of(
                Jvm.AGENT,
                "-Xlog:class+load=info:stdout",
                "-Doverdrive.redis.uri=redis://127.0.0.1:1"),
            PLAIN,
            List.of(),
            r -> assertEquals(List.of(), loadedRemoteClasses(r), r.describe()));
    Scenario badUri =
        new Scenario(
            "remote caches with a malformed Redis uri",
            false,
            List.of(Jvm.AGENT, "-Doverdrive.redis.uri=http://cache:6379"),
            LOCAL_ONLY,
            List.of(),
            r ->
                assertEquals(
                    1,
                    Jvm.matching(
                            r.stderr(),
                            "ERROR remote tier: overdrive.redis.uri:",
                            "redis://",
                            "remote caches run local-only")
                        .size(),
                    r.describe()));
    return Stream.of(remote, plain, badUri).flatMap(Scenarios::onEveryJdk);
  }

  private static List<String> loadedRemoteClasses(Jvm.Result r) {
    List<String> loaded = new ArrayList<>();
    for (String line : r.stdout()) {
      if (line.contains("dev.overdrive.shaded.redis")
          || line.contains("dev.overdrive.shaded.lz4")
          || line.contains("dev.overdrive.runtime.remote")
          || line.contains("cache.RemoteSide")
          || line.contains("cache.Fleet")
          || line.contains("cache.RemoteMeters")
          || line.contains("cache.RemoteSwitch")) {
        loaded.add(line);
      }
    }
    return loaded;
  }
}
