package dev.overdrive.demo.service;

import dev.overdrive.annotations.Async;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An append-only journal of created orders: one JSON line per order, written sequentially to a
 * file. Appending is {@code @Async} on the single-threaded {@code journal} executor, so a request
 * does not wait for the file and the lines are written one after the other in the order they were
 * submitted; and durable, so an order whose line was not written when the service died ({@code kill
 * -9} included) is written after restart, by the first journal opened then: the request waits only
 * for its call's group-committed journal record. At shutdown {@link #close} waits for every
 * submitted line, flushes, and closes.
 */
public class AuditJournal implements AutoCloseable {

  /** One journal line. */
  public record Entry(
      long orderId, long customerId, int lines, java.math.BigDecimal total, String at) {}

  private final Path path;
  private final BufferedWriter out;
  private final AtomicLong submitted = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private boolean closed;

  public AuditJournal(Path path) throws IOException {
    this.path = path.toAbsolutePath();
    Path dir = this.path.getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    this.out =
        Files.newBufferedWriter(
            this.path,
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND,
            StandardOpenOption.WRITE);
  }

  public Path path() {
    return path;
  }

  /** Records an order; returns at once under the agent. */
  public void record(Entry entry) {
    submitted.incrementAndGet();
    append(new String(Json.bytes(entry), StandardCharsets.UTF_8));
  }

  /** Lines written to the file so far. */
  public long written() {
    return written.get();
  }

  @Async(executor = "journal", durable = true)
  void append(String line) {
    try {
      synchronized (this) {
        if (closed) {
          throw new IOException("journal closed");
        }
        out.write(line);
        out.newLine();
        out.flush(); // to the OS at once, so `tail -f` shows it; fsync is left to the OS
      }
      written.incrementAndGet();
    } catch (IOException e) {
      failed.incrementAndGet();
      throw new java.io.UncheckedIOException("audit line lost: " + line, e);
    }
  }

  /** Waits (up to {@code wait}) for the lines still queued, then flushes and closes the file. */
  public void close(Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (written.get() + failed.get() < submitted.get() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    long missing = submitted.get() - written.get() - failed.get();
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      try {
        out.flush();
        out.close();
      } catch (IOException e) {
        System.err.println("[demo] closing the journal failed: " + e);
      }
    }
    if (missing > 0) {
      System.err.println("[demo] journal closed with " + missing + " lines not written");
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }
}
