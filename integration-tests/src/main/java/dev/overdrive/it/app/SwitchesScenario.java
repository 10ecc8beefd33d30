package dev.overdrive.it.app;

import static dev.overdrive.it.app.Checks.check;
import static dev.overdrive.it.app.Checks.equal;

/**
 * The switches that turn caching off, and the agent's absence. {@code args[0]} says what to expect:
 * {@code plain} (no agent, {@code overdrive.enabled=false}, {@code overdrive.cached.enabled=false})
 * or {@code disable-list} (with {@code
 * -Doverdrive.disable=dev.overdrive.it.app.Catalog#find,dev.overdrive.it.app.Slow#*}). Needs no
 * Micrometer, so it also shows the agent working without it.
 */
public final class SwitchesScenario {

  private SwitchesScenario() {}

  public static void main(String[] args) {
    boolean plain = args[0].equals("plain");
    Catalog c = new Catalog();
    Slow s = new Slow();
    check(
        "listed or switched-off method runs as plain code",
        () -> {
          c.find("k");
          c.find("k");
          equal(2, Catalog.FIND.get(), "body runs");
        });
    check(
        "whole class listed with #* runs as plain code",
        () -> {
          s.steady(1);
          s.steady(1);
          equal(2, Slow.STEADY.get(), "body runs");
        });
    check(
        plain ? "every method runs as plain code" : "methods not listed stay cached",
        () -> {
          Catalog.staticFind("k");
          Catalog.staticFind("k");
          equal(plain ? 2 : 1, Catalog.STATIC.get(), "body runs");
        });
    check(
        "invalidation methods run",
        () -> {
          c.product(1);
          c.evict(1);
          c.product(1);
          equal(2, Catalog.PRODUCT.get(), "body runs");
        });
    Checks.done();
  }
}
