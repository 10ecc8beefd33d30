package dev.overdrive.it.app;

import dev.overdrive.Overdrive;
import dev.overdrive.annotations.Async;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Durable {@code @Async} bodies that record each run in a file: one write per line in append mode,
 * so a {@code kill -9} leaves whole lines. A static method and an instance method.
 */
public class Mailer {

  /** A stateless service: its durable calls replay on the first instance after a restart. */
  public Mailer() {}

  @Async(durable = true, executor = "mail")
  public static void send(int n) throws InterruptedException {
    Thread.sleep(5);
    record("send " + n + " " + Overdrive.durableCallId());
  }

  @Async(durable = true, executor = "mail")
  public void store(String message) throws InterruptedException {
    Thread.sleep(5);
    record("store " + message + " " + Overdrive.durableCallId());
  }

  static void record(String line) {
    try (FileOutputStream out = new FileOutputStream(System.getProperty("it.doneFile"), true)) {
      out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
