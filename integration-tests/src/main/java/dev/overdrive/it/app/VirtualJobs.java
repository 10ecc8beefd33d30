package dev.overdrive.it.app;

import dev.overdrive.annotations.Async;
import java.util.concurrent.CompletableFuture;

/** Loaded only on Java 21+, where {@code overdrive.executor.virt.virtual=true} is valid. */
public class VirtualJobs {

  @Async(executor = "virt")
  public CompletableFuture<String> where() throws Exception {
    Thread t = Thread.currentThread();
    boolean virtual = (boolean) Thread.class.getMethod("isVirtual").invoke(t);
    return CompletableFuture.completedFuture(virtual + " " + t.getName());
  }
}
