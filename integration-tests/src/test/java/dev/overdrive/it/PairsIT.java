package dev.overdrive.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overdrive.it.Scenarios.Scenario;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * Every pair of annotations on one method works (shown by the scenario's behaviour) or is reported
 * by one line; annotations that do not fit their method are reported, never silent.
 */
class PairsIT {

  private static final String APP = "dev.overdrive.it.app.";

  @TestFactory
  Stream<DynamicNode> everyPairWorksOrIsReported() {
    return Scenarios.onEveryJdk(
        new Scenario(
            "annotation pairs and mismatches",
            false,
            List.of(Jvm.AGENT),
            APP + "PairsScenario",
            List.of(),
            r -> {
              String p = APP + "Pairs#";
              String m = APP + "Mismatched#";
              expectOne(r, "ERROR " + p + "batchedAsync", "@Async has no effect on a @Batched");
              expectOne(
                  r, "ERROR " + p + "batchedParallel", "@Parallel has no effect on a @Batched");
              expectOne(r, "ERROR " + m + "zeroSize", "maxSize: 0 would keep nothing");
              expectOne(
                  r,
                  "ERROR " + m + "wrongElement",
                  "bulkOfLongs takes java.util.List<java.lang.Long>, whose elements cannot be the"
                      + " key type java.lang.String");
              expectOne(r, "ERROR " + m + "wrongMapKey", "whose keys cannot be the key type");
              expectOne(r, "ERROR " + m + "wrongValue", "whose values are not java.lang.String");
              expectOne(r, "ERROR " + m + "selfInvalidating", "of its own cache");
              expectOne(r, "ERROR " + m + "ghost", "@Async needs a void method");
              expectOne(r, "WARN " + m + "removeGhost", "which no loaded class defines");
              expectOne(
                  r,
                  "ERROR " + m + "removeAccountByName",
                  "can never remove an entry of "
                      + m
                      + "account: its key is java.lang.String and"
                      + " the cache's is long");
              expectOne(
                  r,
                  "ERROR " + m + "removeAccountAndMore",
                  "its key has 2 parameters and the cache's has 1");
              expectOne(r, "WARN " + m + "sharedB", "is also the name of " + m + "sharedA");
              expectOne(
                  r,
                  "ERROR " + m + "badOrder",
                  "@Async orderBy: index 2 is out of range: the method has 1 parameter");
              expectOne(
                  r,
                  "ERROR " + m + "durableConnection",
                  "@Async durable: parameter 0 (java.sql.Connection) cannot be journaled");
              expectOne(r, "ERROR " + m + "durableLambda", "is a function (a lambda cannot be");
              expectOne(r, "ERROR " + m + "durableHandle", "is not Serializable");
              assertEquals(14, Jvm.matching(r.stderr(), "ERROR").size(), r.describe());
              assertEquals(2, Jvm.matching(r.stderr(), "WARN").size(), r.describe());
            }));
  }

  private static void expectOne(Jvm.Result r, String prefix, String problem) {
    List<String> lines = Jvm.matching(r.stderr(), "[overdrive] " + prefix);
    assertEquals(1, lines.size(), "one line for " + prefix + "\n" + r.describe());
    assertTrue(lines.get(0).contains(problem), lines.get(0));
  }
}
