package dev.overdrive.runtime.async;

import dev.overdrive.runtime.Lifecycle;
import dev.overdrive.runtime.Log;
import dev.overdrive.runtime.MethodRef;
import dev.overdrive.runtime.config.Config;
import dev.overdrive.runtime.journal.Backoff;
import dev.overdrive.runtime.journal.Journal;
import dev.overdrive.runtime.journal.JournalLockedException;
import dev.overdrive.runtime.remote.ValueCodec;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * What {@code @Async(durable = true)} shares across the JVM: the one {@link Journal} (opened on the
 * first durable call or registration, in {@code overdrive.journal.dir}), the calls it recovered,
 * waiting for their method's class, the retry timer, and the call id of the durable body running on
 * each thread.
 *
 * <p>A record's payload is the method's identity (class, name, descriptor: a renamed or re-typed
 * method's old calls are never run against the new one) followed by the arguments, JDK-serialized
 * by the remote tier's {@link ValueCodec}, so they are read back under the same {@code
 * ObjectInputFilter} allow-list (the JDK's value packages, the parameters' own packages, {@code
 * overdrive.redis.serialFilter}). The journal is at-least-once: a call whose body ran but whose
 * completion record was lost (a crash between the two) runs again after restart, so bodies should
 * be idempotent, keyed by {@link #currentCallId}.
 *
 * <p>Unavailable journal (another JVM holds its lock, the directory cannot be written): told once;
 * durable methods then run as plain {@code @Async}, never failing a call.
 */
final class DurableCalls {

  private static final ThreadLocal<long[]> CURRENT = ThreadLocal.withInitial(() -> new long[] {-1});
  private static final ScheduledThreadPoolExecutor RETRIES = retries();

  private static boolean opened;
  private static Journal journal;
  private static Backoff backoff;

  /** Recovered calls by method identity, until their site takes them. */
  private static final Map<String, List<Journal.Call>> RECOVERED = new HashMap<>();

  private DurableCalls() {}

  private static ScheduledThreadPoolExecutor retries() {
    ScheduledThreadPoolExecutor t =
        new ScheduledThreadPoolExecutor(1, r -> Lifecycle.thread("overdrive-journal-retry", r));
    t.setRemoveOnCancelPolicy(true);
    return t;
  }

  /** The journal, opened once; {@code null} if it cannot be (told once). */
  static synchronized Journal journal() {
    if (!opened) {
      opened = true;
      Config config = Config.system();
      backoff = Backoff.from(config);
      try {
        journal = Journal.open(config);
        Journal opened = journal;
        dev.overdrive.runtime.Shutdown.register(
            dev.overdrive.runtime.Shutdown.Phase.CLOSE,
            () -> {
              try {
                opened.close(); // after the drain: a journal that kept up is empty again
              } catch (IOException e) {
                Log.warn("journal", "cannot close: " + e);
              }
            });
        for (Journal.Call call : journal.recovered()) {
          String identity = identityOf(call.payload());
          if (identity != null) {
            RECOVERED.computeIfAbsent(identity, k -> new ArrayList<>()).add(call);
          }
        }
      } catch (JournalLockedException e) {
        Log.error(
            "journal",
            e.getMessage()
                + "; durable @Async methods run as plain @Async"
                + " (their calls are not journaled) in this JVM");
      } catch (IOException | RuntimeException e) {
        Log.error(
            "journal",
            "cannot open "
                + config.raw(Config.JOURNAL_DIR)
                + ": "
                + e
                + "; durable @Async methods run as plain @Async in this JVM");
      }
    }
    return journal;
  }

  static synchronized Backoff backoff() {
    journal();
    return backoff;
  }

  /** The calls of {@code method} a crash left unfinished, handed out once. */
  static synchronized List<Journal.Call> takeRecovered(MethodRef method) {
    journal();
    List<Journal.Call> calls = RECOVERED.remove(method.identity());
    return calls == null ? List.of() : calls;
  }

  /** The call's record: the method's identity, then the arguments; null if they cannot be. */
  static byte[] encode(MethodRef method, Object[] args, ValueCodec codec) {
    byte[] values = codec.encode(args == null ? new Object[0] : args);
    if (values == null) {
      return null;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(values.length + 64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(method.identity());
      out.write(values);
    } catch (IOException impossible) {
      throw new IllegalStateException(impossible);
    }
    return bytes.toByteArray();
  }

  /** The arguments of a record, decoded under the allow-list; null when they cannot be. */
  static Object[] decode(byte[] payload, ValueCodec codec) {
    int offset = offsetOfArguments(payload);
    if (offset < 0) {
      return null;
    }
    ValueCodec.Decoded decoded = codec.decode(payload, offset);
    return decoded.ok() && decoded.value instanceof Object[] ? (Object[]) decoded.value : null;
  }

  private static String identityOf(byte[] payload) {
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(payload))) {
      return in.readUTF();
    } catch (IOException e) {
      return null;
    }
  }

  private static int offsetOfArguments(byte[] payload) {
    if (payload.length < 2) {
      return -1;
    }
    int length = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF); // writeUTF's length prefix
    return 2 + length <= payload.length ? 2 + length : -1;
  }

  private static final java.util.Set<dev.overdrive.runtime.metrics.MeterSink> PENDING_BOUND =
      java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>());

  /**
   * The {@code overdrive.journal.pending} gauge and {@code overdrive.journal.sync.latency} timer,
   * once per application's registry.
   */
  static synchronized void bindPending(dev.overdrive.runtime.metrics.MeterSink sink) {
    if (journal != null && PENDING_BOUND.add(sink)) {
      sink.gauge(
          "overdrive.journal.pending",
          "Durable calls journaled and not finished",
          journal,
          j -> j.stats().pending(),
          new ArrayList<>());
      sink.timer(
          "overdrive.journal.sync.latency",
          "fsyncs of the journal, and the time they took",
          journal,
          j -> j.stats().syncs.sum(),
          j -> j.stats().syncNanos.sum(),
          new ArrayList<>());
    }
  }

  static void retryLater(Runnable again, long delayNanos) {
    RETRIES.schedule(again, delayNanos, TimeUnit.NANOSECONDS);
  }

  /** The journal id of the durable call whose body runs on this thread, or -1. */
  static long currentCallId() {
    return CURRENT.get()[0];
  }

  static long enter(long id) {
    long[] current = CURRENT.get();
    long previous = current[0];
    current[0] = id;
    return previous;
  }

  static void exit(long previous) {
    CURRENT.get()[0] = previous;
  }
}
