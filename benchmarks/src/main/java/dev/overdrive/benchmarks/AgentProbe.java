package dev.overdrive.benchmarks;

import dev.overdrive.annotations.Cached;

/**
 * Tells whether the Overdrive agent is active in this JVM. Loading it also wakes the agent (which
 * stays dormant until a class mentions its annotations), as any annotated class of a real
 * application would.
 */
public class AgentProbe {

  private int bodyCalls;

  @Cached
  public String echo(String value) {
    bodyCalls++;
    return value;
  }

  /** True when a repeated call was served from the cache, i.e. the agent instrumented us. */
  static boolean agentActive() {
    AgentProbe probe = new AgentProbe();
    probe.echo("probe");
    probe.echo("probe");
    return probe.bodyCalls == 1;
  }

  /**
   * Fails when the runner said whether to expect the agent ({@code -Dbench.expect.agent}) and the
   * JVM disagrees: a configuration labelled "with agent" must really have it, and vice versa.
   */
  static void checkExpectation() {
    String expected = System.getProperty("bench.expect.agent");
    if (expected == null) {
      return;
    }
    boolean active = agentActive();
    if (active != Boolean.parseBoolean(expected)) {
      throw new IllegalStateException(
          "bench.expect.agent="
              + expected
              + " but the Overdrive agent is "
              + (active ? "active" : "not active")
              + " in this JVM");
    }
  }
}
