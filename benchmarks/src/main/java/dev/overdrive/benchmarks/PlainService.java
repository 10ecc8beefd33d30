package dev.overdrive.benchmarks;

/** No cache: every call runs the body. The floor, and the control for the agent's presence. */
public class PlainService implements Service {

  private long bodyCalls;

  @Override
  public Long lookup(String key) {
    bodyCalls++;
    return Work.of(key);
  }

  @Override
  public Long lookup3(String tenant, int item, long version) {
    bodyCalls++;
    return Work.of(tenant, item, version);
  }

  @Override
  public long bodyCalls() {
    return bodyCalls;
  }
}
