package dev.overdrive.runtime.journal;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;

/**
 * The JVM {@link JournalCrashTest} kills. {@code append <dir> <sync> <segmentBytes> <threads>}:
 * each thread appends calls for ever, printing {@code appended <id> <seq>} once an append has
 * returned and, for every third, {@code done <id>} once its completion has. {@code lock <dir>}:
 * tries to open the journal, prints {@code opened} or {@code refused <message>}.
 */
public final class JournalChild {

  /** Unbuffered: a line is one write, so a kill leaves whole lines or none. */
  private static final FileOutputStream OUT = new FileOutputStream(FileDescriptor.out);

  private JournalChild() {}

  public static void main(String[] args) throws Exception {
    if (args[0].equals("lock")) {
      try (Journal j = Journal.open(Paths.get(args[1]), Sync.BATCH, 4096)) {
        say(j.directory() != null ? "opened" : "no directory");
      } catch (JournalLockedException e) {
        say("refused " + e.getMessage());
      }
      return;
    }
    Journal journal =
        Journal.open(Paths.get(args[1]), Sync.valueOf(args[2]), Long.parseLong(args[3]));
    int threads = Integer.parseInt(args[4]);
    say("recovered " + journal.recovered().size());
    java.util.concurrent.atomic.AtomicLong seqs = new java.util.concurrent.atomic.AtomicLong();
    for (int t = 0; t < threads; t++) {
      Thread thread =
          new Thread(
              () -> {
                try {
                  for (; ; ) {
                    long seq = seqs.incrementAndGet();
                    long id = journal.append(payload(seq));
                    say("appended " + id + " " + seq);
                    if (seq % 3 == 0) {
                      journal.complete(id);
                      say("done " + id);
                    }
                  }
                } catch (IOException e) {
                  e.printStackTrace();
                  System.exit(2);
                }
              });
      thread.start();
    }
    Thread.sleep(60_000); // the test kills us long before
    System.exit(3);
  }

  /** {@code seq}, then {@code seq % 300} bytes derived from it: recovery can check it all. */
  static byte[] payload(long seq) {
    int n = (int) (seq % 300);
    ByteBuffer b = ByteBuffer.allocate(8 + n).putLong(seq);
    for (int i = 0; i < n; i++) {
      b.put((byte) (seq * 31 + i));
    }
    return b.array();
  }

  static long seqOf(byte[] payload) {
    return ByteBuffer.wrap(payload).getLong();
  }

  private static synchronized void say(String line) throws IOException {
    OUT.write((line + "\n").getBytes(StandardCharsets.UTF_8));
  }
}
