package dev.overdrive.it.app;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code @Async(durable = true)} across a {@code kill -9} (bodies record their runs in the file
 * {@code -Dit.doneFile} names). {@code calls}: makes durable calls for ever, printing {@code
 * returned send N} / {@code returned store N} as each returns, until the test kills it. {@code
 * recover}: the next JVM; touching {@link Mailer} runs the static method's unfinished calls,
 * constructing one runs the instance method's; prints {@code constructed} and waits for the test to
 * see the work drain, then exits normally, so the journal closes.
 */
public final class DurableScenario {

  /** Unbuffered: a line is one write, so a kill leaves whole lines or none. */
  private static final FileOutputStream OUT = new FileOutputStream(FileDescriptor.out);

  private DurableScenario() {}

  public static void main(String[] args) throws Exception {
    if (args[0].equals("calls")) {
      Mailer mailer = new Mailer();
      for (int n = 0; ; n++) {
        Mailer.send(n);
        say("returned send " + n);
        mailer.store("m" + n);
        say("returned store m" + n);
      }
    }
    Class.forName(Mailer.class.getName()); // the static method's calls run as its class loads
    new Mailer(); // the instance method's on its first instance
    say("constructed");
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.in.available() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(10); // the test writes a line when it has seen every call done
    }
    say("exiting");
  }

  private static void say(String line) throws IOException {
    OUT.write((line + "\n").getBytes(StandardCharsets.UTF_8));
  }
}
