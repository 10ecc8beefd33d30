package dev.overdrive.it.app;

/** A collaborator with no annotations, only ever mocked: the real one is "not reachable". */
public class Pricing {

  public int price(String sku) {
    throw new IllegalStateException("the real pricing backend is not reachable from a test");
  }
}
