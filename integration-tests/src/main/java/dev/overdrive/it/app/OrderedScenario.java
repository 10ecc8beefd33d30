package dev.overdrive.it.app;

import static dev.overdrive.it.app.Checks.check;
import static dev.overdrive.it.app.Checks.equal;
import static dev.overdrive.it.app.Checks.that;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** {@code @Async(orderBy)} under the agent: per-key order, cross-key concurrency, caller-runs. */
public final class OrderedScenario {

  private OrderedScenario() {}

  private static final int CALLS = 300;

  public static void main(String[] args) throws Exception {
    Ledger ledger = new Ledger();
    List<Integer> expected = IntStream.range(0, CALLS).boxed().collect(Collectors.toList());

    check(
        "calls of one account run one at a time, in the order they were made",
        () -> {
          List<Thread> callers = new ArrayList<>();
          for (int t = 0; t < 4; t++) {
            int caller = t;
            callers.add(
                new Thread(
                    () -> {
                      for (int seq = 0; seq < CALLS; seq++) {
                        for (int k = 0; k < 3; k++) {
                          ledger.apply("acct" + caller + "-" + k, seq);
                        }
                      }
                    }));
          }
          callers.forEach(Thread::start);
          for (Thread c : callers) {
            c.join(10_000);
          }
          that(waitFor(() -> total(ledger) == 4 * 3 * CALLS), "all applied: " + total(ledger));
          for (int t = 0; t < 4; t++) {
            for (int k = 0; k < 3; k++) {
              equal(expected, ledger.applied.get("acct" + t + "-" + k), "acct" + t + "-" + k);
            }
          }
          equal(0, ledger.overlaps.get(), "calls of one account at once");
        });
    check(
        "futures of one account complete in call order",
        () -> {
          List<CompletableFuture<Integer>> futures = new ArrayList<>();
          for (int seq = 0; seq < 50; seq++) {
            futures.add(ledger.balanceAfter("f", seq));
          }
          for (int seq = 0; seq < 50; seq++) {
            equal(seq, futures.get(seq).get(5, TimeUnit.SECONDS), "value");
          }
          that(
              waitFor(() -> ledger.applied.getOrDefault("f-f", List.of()).size() == 50), "applied");
          equal(
              IntStream.range(0, 50).boxed().collect(Collectors.toList()),
              ledger.applied.get("f-f"),
              "order");
        });
    check(
        "different accounts run at the same time",
        () -> {
          CompletableFuture<Boolean> a = ledger.meetOther("alice");
          CompletableFuture<Boolean> b = ledger.meetOther("bob");
          that(
              a.get(10, TimeUnit.SECONDS) && b.get(10, TimeUnit.SECONDS),
              "alice and bob met inside their calls");
        });
    check(
        "one account cannot meet itself: equal keys never overlap",
        () -> {
          ledger.meet = new java.util.concurrent.CyclicBarrier(2);
          ledger.meetWithinMillis = 400; // the first waits alone for this long, then the second
          CompletableFuture<Boolean> first = ledger.meetOther("carol");
          CompletableFuture<Boolean> second = ledger.meetOther("carol");
          that(!first.get(10, TimeUnit.SECONDS), "the first waited alone (timed out)");
          ledger.meet.reset();
          that(!second.get(10, TimeUnit.SECONDS), "the second ran after it, alone too");
        });
    check(
        "order holds when the executor is full and callers run lanes",
        () -> {
          List<Thread> callers = new ArrayList<>();
          for (int t = 0; t < 3; t++) {
            int caller = t;
            callers.add(
                new Thread(
                    () -> {
                      for (int seq = 0; seq < CALLS; seq++) {
                        ledger.applyTiny("t" + caller, seq);
                      }
                    }));
          }
          callers.forEach(Thread::start);
          for (Thread c : callers) {
            c.join(10_000);
          }
          for (int t = 0; t < 3; t++) {
            String account = "t" + t + "-tiny";
            that(
                waitFor(() -> ledger.applied.getOrDefault(account, List.of()).size() == CALLS),
                account + " applied");
            equal(expected, ledger.applied.get(account), account);
          }
        });
    Checks.done();
  }

  private static int total(Ledger ledger) {
    int n = 0;
    for (String account : ledger.applied.keySet()) {
      if (account.startsWith("acct")) {
        n += ledger.applied.get(account).size();
      }
    }
    return n;
  }

  private static boolean waitFor(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(5);
    }
    return true;
  }
}
