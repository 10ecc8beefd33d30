package dev.overdrive.it.app;

import dev.overdrive.annotations.Cached;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/** Bodies that throw, to show exceptions reach callers unchanged and are never cached. */
public class Failing {

  public static final AtomicInteger CALLS = new AtomicInteger();
  public static final AtomicInteger CHECKED = new AtomicInteger();
  public static volatile RuntimeException lastThrown;
  public static volatile IOException lastChecked;

  @Cached
  public String explode(String key) {
    CALLS.incrementAndGet();
    RuntimeException e = new IllegalStateException("boom " + key);
    lastThrown = e;
    throw e;
  }

  @Cached
  public static String read(String path) throws IOException {
    CHECKED.incrementAndGet();
    IOException e = new IOException("cannot read " + path);
    lastChecked = e;
    throw e;
  }
}
