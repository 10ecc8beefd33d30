package dev.overdrive.it.app;

import static dev.overdrive.it.app.Checks.check;
import static dev.overdrive.it.app.Checks.equal;

import com.sun.tools.attach.VirtualMachine;

/**
 * Attaching the agent to a running JVM ({@code agentmain}): classes loaded before it attached are
 * retransformed and cached from then on. Run without {@code -javaagent}, with {@code
 * -Djdk.attach.allowAttachSelf=true} and {@code -Dit.agent=<jar>}.
 */
public final class AttachScenario {

  private AttachScenario() {}

  public static void main(String[] args) throws Exception {
    Catalog c = new Catalog();
    check(
        "before attach the method is plain",
        () -> {
          c.find("k");
          c.find("k");
          equal(2, Catalog.FIND.get(), "body runs");
        });
    VirtualMachine vm = VirtualMachine.attach(String.valueOf(ProcessHandle.current().pid()));
    try {
      vm.loadAgent(System.getProperty("it.agent"));
    } finally {
      vm.detach();
    }
    check(
        "after attach the already-loaded class is cached",
        () -> {
          c.find("k");
          c.find("k");
          c.find("k");
          equal(3, Catalog.FIND.get(), "body runs");
        });
    check(
        "classes loaded after attach are cached too",
        () -> {
          Slow s = new Slow();
          s.steady(1);
          s.steady(1);
          equal(1, Slow.STEADY.get(), "body runs");
        });
    Checks.done();
  }
}
