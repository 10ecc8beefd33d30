package dev.overdrive.stress;

import java.util.Queue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.LongAdder;

/**
 * One kind of call: how many were issued, how many came back (returned, or their future completed),
 * with an expected failure, or wrong. The first few problems are kept verbatim.
 */
final class Tally {

  private static final int KEPT = 10;

  final String name;
  final LongAdder issued = new LongAdder();
  final LongAdder completed = new LongAdder();
  final LongAdder expectedFailures = new LongAdder();
  final LongAdder wrong = new LongAdder();
  private final Queue<String> problems = new ConcurrentLinkedQueue<>();
  private final LongAdder problemCount = new LongAdder();

  Tally(String name) {
    this.name = name;
  }

  void wrong(String what) {
    wrong.increment();
    keep(what);
  }

  void unexpected(Throwable t) {
    wrong.increment();
    keep("unexpected " + unwrap(t));
  }

  private void keep(String what) {
    problemCount.increment();
    if (problemCount.sum() <= KEPT) {
      problems.add(name + ": " + what);
    }
  }

  Iterable<String> problems() {
    return problems;
  }

  long outstanding() {
    return issued.sum() - completed.sum();
  }

  static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
