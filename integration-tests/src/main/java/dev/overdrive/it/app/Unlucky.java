package dev.overdrive.it.app;

import dev.overdrive.annotations.Cached;

/** Its transformation is made to fail (fault injection): the class must run exactly as written. */
public class Unlucky {

  public static int calls;

  @Cached
  public static String lookup(String k) {
    calls++;
    return k;
  }
}
