package dev.overdrive.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code @Async(durable = true)} under the real agent across a {@code kill -9}: every call whose
 * {@code returned} line the killed JVM printed runs to completion in the next JVM (at least once;
 * duplicates counted), none is invented, and the journal is empty once the work drained.
 */
class DurableAsyncIT {

  private static final String MAIN = "dev.overdrive.it.app.DurableScenario";

  @TestFactory
  Stream<DynamicNode> callsSurviveKillNine() {
    return Jvm.jdks().stream()
        .map(jdk -> DynamicTest.dynamicTest("kill -9 on " + jdk, () -> killAndRecover(jdk)));
  }

  private static void killAndRecover(Jvm.Jdk jdk) throws Exception {
    Path dir = Files.createTempDirectory("durable");
    Path journal = dir.resolve("journal");
    Path done = dir.resolve("done.log");
    List<String> jvmArgs =
        List.of(
            Jvm.AGENT,
            "-Doverdrive.journal.dir=" + journal,
            "-Dit.doneFile=" + done,
            "-Doverdrive.executor.mail.threads=2");

    // The first JVM makes calls until it has returned 400 of them, and is killed mid-stream.
    Process first =
        new ProcessBuilder(Jvm.command(jdk, false, false, jvmArgs, MAIN, "calls"))
            .redirectError(dir.resolve("first.err").toFile())
            .start();
    Set<String> returned = new LinkedHashSet<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8))) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      String line;
      while (returned.size() < 400
          && System.nanoTime() < deadline
          && (line = out.readLine()) != null) {
        if (line.startsWith("returned ")) {
          returned.add(line.substring("returned ".length()));
        }
      }
      // SIGKILL: no shutdown hook, no drain. Through the handle, which only signals: the
      // Process's own destroyForcibly also closes our end of its stdout, losing the lines the
      // JVM printed after the 400th and before it died, which the "none invented" check needs.
      first.toHandle().destroyForcibly();
      assertTrue(first.waitFor(30, TimeUnit.SECONDS), "the first JVM died");
      String rest;
      while ((rest = out.readLine()) != null) {
        if (rest.startsWith("returned ")) {
          returned.add(rest.substring("returned ".length()));
        }
      }
    }
    assertTrue(
        returned.size() >= 400,
        "calls returned before the kill: "
            + returned.size()
            + "\n"
            + Files.readString(dir.resolve("first.err")));
    Set<String> ranBefore = calls(done).keySet();

    // The next JVM runs what was left, then exits normally.
    Process next =
        new ProcessBuilder(Jvm.command(jdk, false, false, jvmArgs, MAIN, "recover"))
            .redirectError(dir.resolve("next.err").toFile())
            .redirectOutput(dir.resolve("next.out").toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!calls(done).keySet().containsAll(returned) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    next.getOutputStream().write('\n');
    next.getOutputStream().flush();
    assertTrue(next.waitFor(60, TimeUnit.SECONDS), "the next JVM exits");
    String nextErr = Files.readString(dir.resolve("next.err"));
    Map<String, Integer> ran = calls(done);
    List<String> lost = new ArrayList<>(returned);
    lost.removeAll(ran.keySet());
    assertEquals(List.of(), lost, "returned before the kill and never run\n" + nextErr);
    assertEquals(0, next.exitValue(), nextErr);
    assertEquals(List.of(), Jvm.matching(List.of(nextErr.split("\n")), "ERROR"), nextErr);

    // None invented: every call that ran was made by the first JVM (its calls are numbered in
    // order, and it may have journaled one or two whose line it had not printed yet).
    int highest = 0;
    for (String call : returned) {
      highest = Math.max(highest, number(call));
    }
    for (String call : ran.keySet()) {
      assertTrue(number(call) <= highest + 1, "invented: " + call);
    }
    long duplicates = ran.values().stream().filter(n -> n > 1).count();
    System.out.println(
        "[durable] "
            + jdk
            + ": "
            + returned.size()
            + " returned before kill -9, "
            + ranBefore.size()
            + " had run then, "
            + (ran.size() - ranBefore.size())
            + " ran after the restart, "
            + duplicates
            + " ran twice (at least once)");

    try (Stream<Path> left = Files.list(journal)) {
      List<String> segments =
          left.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("segment-")).toList();
      assertEquals(List.of(), segments, "the journal is empty once the work drained");
    }
  }

  @TestFactory
  Stream<DynamicNode> failingCallsAreRetriedThenDeadThenReplayable() throws IOException {
    Path journal = Files.createTempDirectory("dead-letters");
    return Scenarios.onEveryJdk(
        jdk ->
            new Scenarios.Scenario(
                "dead letters",
                true,
                List.of(
                    Jvm.AGENT,
                    "-Doverdrive.journal.dir=" + journal.resolve(jdk.toString()),
                    "-Doverdrive.journal.maxAttempts=3"),
                "dev.overdrive.it.app.DeadLetterScenario",
                List.of(),
                r -> {
                  List<String> dead =
                      Jvm.matching(
                          r.stderr(),
                          "ERROR dev.overdrive.it.app.Flaky#charge",
                          "is dead: 3 runs threw, the last java.lang.IllegalStateException",
                          "argument types (java.lang.String)");
                  assertEquals(1, dead.size(), r.describe());
                  assertTrue(
                      !dead.get(0).contains("o-1"), "never an argument's value: " + dead.get(0));
                }));
  }

  /** Calls that ran, by {@code send N} / {@code store mN}, with how many times. */
  private static Map<String, Integer> calls(Path done) throws IOException {
    Map<String, Integer> ran = new HashMap<>();
    if (!Files.exists(done)) {
      return ran;
    }
    for (String line : Files.readAllLines(done, StandardCharsets.UTF_8)) {
      String[] parts = line.split(" ");
      if (parts.length == 3) {
        ran.merge(parts[0] + " " + parts[1], 1, Integer::sum);
      }
    }
    return ran;
  }

  private static int number(String call) {
    String n = call.substring(call.indexOf(' ') + 1);
    return Integer.parseInt(n.startsWith("m") ? n.substring(1) : n);
  }
}
