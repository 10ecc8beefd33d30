package dev.overdrive.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overdrive.it.Scenarios.Scenario;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/** {@code @Cached} and {@code @CacheInvalidate} under the real agent, on every JDK under test. */
class CachedIT {

  private static final String APP = "dev.overdrive.it.app.";

  @TestFactory
  Stream<DynamicNode> everyGuarantee() {
    return Scenarios.onEveryJdk(
        new Scenario(
            "@Cached guarantees",
            true,
            List.of(Jvm.AGENT, "-Doverdrive.report=true", "-Dit.cache.name=fromProperty"),
            APP + "CachedScenario",
            List.of(),
            r -> {
              assertTrue(Jvm.matching(r.stderr(), "ERROR").isEmpty(), r.describe());
              assertTrue(Jvm.matching(r.stderr(), "WARN").isEmpty(), r.describe());
              assertFalse(
                  Jvm.matching(
                          r.stderr(), "instrumented " + APP + "Catalog#find(String)", "@Cached")
                      .isEmpty(),
                  r.describe());
              assertFalse(
                  Jvm.matching(
                          r.stderr(),
                          "instrumented " + APP + "Catalog#evictAll()",
                          "@CacheInvalidate cache=products all")
                      .isEmpty(),
                  r.describe());
            }));
  }

  @TestFactory
  Stream<DynamicNode> misusedAnnotationsLeaveMethodsPlain() {
    return Scenarios.onEveryJdk(
        new Scenario(
                "bad input",
                false,
                List.of(Jvm.AGENT, "-Doverdrive.executor.broken.threads=abc"),
                APP + "BadInputScenario",
                List.of(),
                r -> {
                  String m = APP + "Misused#";
                  expectOneError(r, m + "nothingToCache", "void method");
                  expectOneError(r, m + "badTtl", "\"soon\" is not a duration");
                  expectOneError(r, m + "badKey", "index 3 is out of range");
                  expectOneError(r, m + "badJitter", "1.5 is outside 0..1");
                  expectOneError(r, m + "badMaxSize", "-1 is negative");
                  expectOneError(r, m + "badPlaceholder", "it.undefined.property is not set");
                  expectOneError(r, m + "badRefresh", "refreshAfter: needs the key to be every");
                  expectOneError(r, m + "badInvalidateKey", "index 5 is out of range");
                  expectOneError(r, m + "notAFuture", "needs a void method or one returning");
                  expectOneError(r, m + "unknownExecutor", "executor \"nope\" is not configured");
                  expectOneError(
                      r,
                      m + "brokenExecutor",
                      "overdrive.executor.broken.threads=abc is not a positive number");
                  expectOneError(r, m + "noCollection", "needs a List or Collection parameter");
                  expectOneError(
                      r, m + "badMerge", "cannot merge results of type java.util.TreeMap");
                  expectOneError(r, m + "zeroChunk", "chunkSize: 0 is less than 1");
                  expectOneError(
                      r, m + "viaMissing", "via: no method \"nowhere\" in " + APP + "Misused");
                  expectOneError(
                      r, m + "viaWrongParameter", "must take one Collection, List or Set");
                  expectOneError(
                      r, m + "viaWrongResult", "must return a Map (value by key) or a List");
                  expectOneError(r, m + "twoKeys", "needs exactly one parameter, the key");
                  expectOneError(r, m + "emptyBatches", "maxSize: 0 is less than 1");
                  expectOneError(r, m + "badDelay", "maxDelay: \"whenever\" is not a duration");
                  expectOneError(
                      r,
                      APP + "UnluckyGenerated",
                      "transformation failed, the class is left unchanged");
                  assertEquals(
                      1,
                      Jvm.matching(
                              r.stderr(), "WARN", m + "invalidateUnknown", "nobody-defines-this")
                          .size(),
                      "unknown cache reported once\n" + r.describe());
                  assertEquals(21, Jvm.matching(r.stderr(), "ERROR").size(), r.describe());
                  assertEquals(
                      1,
                      Jvm.matching(r.stderr(), "methods instrumented in").size(),
                      "one summary line\n" + r.describe());
                })
            .withTestLibraries()); // Unlucky generates its class with the ASM inside ByteBuddy
  }

  @TestFactory
  Stream<DynamicNode> agentAbsentGivesPlainBehaviour() {
    return Scenarios.onEveryJdk(
        new Scenario(
            "no agent",
            false,
            List.of(),
            APP + "SwitchesScenario",
            List.of("plain"),
            CachedIT::agentSilent));
  }

  @TestFactory
  Stream<DynamicNode> agentDisabledGivesPlainBehaviour() {
    return Scenarios.onEveryJdk(
        new Scenario(
            "overdrive.enabled=false",
            false,
            List.of(Jvm.AGENT, "-Doverdrive.enabled=false"),
            APP + "SwitchesScenario",
            List.of("plain"),
            CachedIT::agentSilent));
  }

  @TestFactory
  Stream<DynamicNode> cachingSwitchedOff() {
    return Scenarios.onEveryJdk(
        new Scenario(
            "overdrive.cached.enabled=false",
            false,
            List.of(Jvm.AGENT, "-Doverdrive.cached.enabled=false"),
            APP + "SwitchesScenario",
            List.of("plain"),
            r -> assertTrue(Jvm.matching(r.stderr(), "ERROR").isEmpty(), r.describe())));
  }

  @TestFactory
  Stream<DynamicNode> methodsListedInDisableRunPlain() {
    return Scenarios.onEveryJdk(
        new Scenario(
            "overdrive.disable, without Micrometer",
            false,
            List.of(Jvm.AGENT, "-Doverdrive.disable=" + APP + "Catalog#find," + APP + "Slow#*"),
            APP + "SwitchesScenario",
            List.of("disable-list"),
            r -> {
              assertTrue(Jvm.matching(r.stderr(), "ERROR").isEmpty(), r.describe());
              assertEquals(
                  1,
                  Jvm.matching(r.stderr(), "[overdrive]").size(),
                  "only the summary line\n" + r.describe());
            }));
  }

  @TestFactory
  Stream<DynamicNode> attachingToARunningJvmTransformsLoadedClasses() {
    String jar = Jvm.AGENT.substring("-javaagent:".length());
    return Scenarios.onEveryJdk(
        new Scenario(
            "agentmain",
            false,
            List.of(
                "-Djdk.attach.allowAttachSelf=true",
                "-XX:+EnableDynamicAgentLoading",
                "-Dit.agent=" + jar),
            APP + "AttachScenario",
            List.of(),
            r -> assertEquals(List.of(), Jvm.matching(r.stderr(), "ERROR"), r.describe())));
  }

  private static void expectOneError(Jvm.Result r, String method, String problem) {
    List<String> lines = Jvm.matching(r.stderr(), "[overdrive] ERROR " + method);
    assertEquals(1, lines.size(), "one line for " + method + "\n" + r.describe());
    assertTrue(lines.get(0).contains(problem), lines.get(0));
  }

  private static void agentSilent(Jvm.Result r) {
    assertTrue(Jvm.matching(r.stderr(), "[overdrive]").isEmpty(), r.describe());
  }
}
