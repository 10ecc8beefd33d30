package dev.overdrive.runtime.async;

import dev.overdrive.runtime.journal.Journal;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.List;

/** The durable journal's admin side, for {@code dev.overdrive.Overdrive} through Control. */
public final class DurableControl {

  private DurableControl() {}

  public static long currentCallId() {
    return DurableCalls.currentCallId();
  }

  /** {@code id, method, reason} of every dead call; empty without a journal. */
  public static String[][] deadCalls() {
    Journal journal = DurableCalls.journal();
    if (journal == null) {
      return new String[0][];
    }
    List<Journal.DeadCall> dead = journal.listDead();
    String[][] rows = new String[dead.size()][];
    for (int i = 0; i < rows.length; i++) {
      Journal.DeadCall d = dead.get(i);
      rows[i] = new String[] {Long.toString(d.id()), identity(d.payload()), d.reason()};
    }
    return rows;
  }

  /**
   * Makes dead call {@code id} pending again and returns its new id (-1 without a journal). It runs
   * now when its method's class is live here (an instance method on the last instance that ran one
   * of its calls), else after the next restart, as any unfinished call does.
   */
  public static long replayDead(long id) {
    Journal journal = DurableCalls.journal();
    if (journal == null) {
      return -1;
    }
    byte[] payload = null;
    for (Journal.DeadCall d : journal.listDead()) {
      if (d.id() == id) {
        payload = d.payload();
      }
    }
    long again;
    try {
      again = journal.replayDead(id);
    } catch (IOException e) {
      throw new IllegalStateException("cannot replay dead call " + id + ": " + e, e);
    }
    String identity = payload == null ? null : identity(payload);
    for (AsyncSite site : AsyncSite.SITES.live()) {
      if (site.runsDurable(identity)) {
        site.runAgain(new Journal.Call(again, payload));
        break;
      }
    }
    return again;
  }

  private static String identity(byte[] payload) {
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(payload))) {
      return in.readUTF();
    } catch (IOException e) {
      return "?";
    }
  }
}
