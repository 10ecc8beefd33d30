package dev.overdrive.demo.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Closed-loop load: {@code concurrency} virtual users, each with its own keep-alive connection,
 * send one request after the other for a fixed duration. Every latency is recorded; percentiles
 * come from the sorted samples.
 *
 * <p>All users are driven by one thread over non-blocking sockets. On a 2-core machine the
 * measuring side competes with the service it measures: a thread per user put 16 more runnable
 * threads in front of the service's (every wake-up of a request's thread waited behind them, which
 * is what a cache miss's latency is made of), and cost more CPU in context switches. Responses must
 * carry a {@code Content-Length} (the demo service's always do); a response without one counts as
 * an error.
 */
public final class LoadGenerator {

  /** Told about progress about five times a second. */
  @FunctionalInterface
  public interface Progress {
    void update(double fraction, long completed, double elapsedSeconds);
  }

  /** What one run measured. */
  public record Sample(
      long requests, long errors, double seconds, long[] sortedNanos, String firstError) {

    public double throughput() {
      return seconds <= 0 ? 0 : requests / seconds;
    }

    /** Nearest-rank percentile in milliseconds ({@code q} in 0..1). */
    public double percentileMs(double q) {
      if (sortedNanos.length == 0) {
        return Double.NaN;
      }
      int rank = (int) Math.ceil(q * sortedNanos.length);
      return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, rank - 1))] / 1e6;
    }
  }

  static final long TIMEOUT_NANOS = 10_000_000_000L;

  private LoadGenerator() {}

  public static Sample run(
      String baseUrl,
      Workload workload,
      Workload.Endpoint endpoint,
      int concurrency,
      Duration duration,
      long seed,
      Progress progress)
      throws InterruptedException {
    URI uri = URI.create(baseUrl);
    InetSocketAddress address =
        new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort());
    String host = uri.getHost() + ":" + address.getPort();
    Run run = new Run(endpoint);
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    try (Selector selector = Selector.open()) {
      User[] users = new User[concurrency];
      for (int u = 0; u < concurrency; u++) {
        users[u] = new User(new SplittableRandom(seed * 1_000_003L + u), selector, address, host);
        users[u].next(workload, endpoint, run);
      }
      long nextProgress = start;
      while (true) {
        long now = System.nanoTime();
        int busy = 0;
        for (User user : users) {
          if (user.request != null && now - user.sentAt > TIMEOUT_NANOS) {
            run.error(user.request, "no response in " + TIMEOUT_NANOS / 1_000_000 + " ms");
            user.reset();
            user.request = null;
          }
          if (user.request == null && now < end) {
            user.next(workload, endpoint, run);
          }
          if (user.request != null) {
            busy++;
          }
        }
        if (busy == 0 && now >= end) {
          break;
        }
        if (progress != null && now >= nextProgress && now < end) {
          progress.update(
              (now - start) / (double) duration.toNanos(), run.completed, (now - start) / 1e9);
          nextProgress = now + 200_000_000L;
        }
        selector.select(50);
        for (SelectionKey key : selector.selectedKeys()) {
          User user = (User) key.attachment();
          user.onReady(key, run);
        }
        selector.selectedKeys().clear();
      }
      for (User user : users) {
        user.reset();
      }
    } catch (IOException e) {
      throw new IllegalStateException("load generator: " + e, e);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (progress != null) {
      progress.update(1, run.completed, seconds);
    }
    long[] all = Arrays.copyOf(run.latencies, run.completed);
    Arrays.sort(all);
    return new Sample(run.completed, run.errors, seconds, all, run.firstError);
  }

  /** Counts and latencies of one run; only the run's thread touches them. */
  private static final class Run {
    final Workload.Endpoint endpoint;
    long[] latencies = new long[1 << 16];
    int completed;
    long errors;
    String firstError;

    Run(Workload.Endpoint endpoint) {
      this.endpoint = endpoint;
    }

    void done(long nanos) {
      if (completed == latencies.length) {
        latencies = Arrays.copyOf(latencies, completed * 2);
      }
      latencies[completed++] = nanos;
    }

    void error(Workload.Request req, String what) {
      errors++;
      if (firstError == null) {
        firstError = req.method() + " " + req.path() + " -> " + what;
      }
    }
  }

  /** One virtual user: a connection, the request in flight, the response being read. */
  private static final class User {
    private final SplittableRandom random;
    private final Selector selector;
    private final InetSocketAddress address;
    private final String host;
    private SocketChannel channel;
    private SelectionKey key;
    private ByteBuffer out;
    private ByteBuffer in = ByteBuffer.allocate(1 << 14);
    Workload.Request request;
    long sentAt;

    User(SplittableRandom random, Selector selector, InetSocketAddress address, String host) {
      this.random = random;
      this.selector = selector;
      this.address = address;
      this.host = host;
    }

    /** Sends this user's next request (connecting first if needed). */
    void next(Workload workload, Workload.Endpoint endpoint, Run run) {
      request = workload.next(endpoint, random);
      StringBuilder head =
          new StringBuilder(128)
              .append(request.method())
              .append(' ')
              .append(request.path())
              .append(" HTTP/1.1\r\nHost: ")
              .append(host)
              .append("\r\n");
      byte[] body = request.body();
      if (body != null) {
        head.append("Content-Type: application/json\r\nContent-Length: ")
            .append(body.length)
            .append("\r\n");
      }
      byte[] h = head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
      out = ByteBuffer.allocate(h.length + (body == null ? 0 : body.length)).put(h);
      if (body != null) {
        out.put(body);
      }
      out.flip();
      in.clear();
      sentAt = System.nanoTime();
      try {
        if (channel == null) {
          channel = SocketChannel.open();
          channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
          channel.connect(address); // blocking: loopback, and only when (re)connecting
          channel.configureBlocking(false);
          key = channel.register(selector, 0, this);
        }
        write();
      } catch (IOException e) {
        run.error(request, e.toString());
        reset();
        request = null;
      }
    }

    void onReady(SelectionKey k, Run run) {
      try {
        if (k.isValid() && k.isWritable()) {
          write();
        }
        if (k.isValid() && k.isReadable()) {
          read(run);
        }
      } catch (IOException e) {
        run.error(request, e.toString());
        reset();
        request = null;
      }
    }

    private void write() throws IOException {
      channel.write(out);
      key.interestOps(out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    private void read(Run run) throws IOException {
      if (!in.hasRemaining()) {
        in = ByteBuffer.allocate(in.capacity() * 2).put(in.flip());
      }
      if (channel.read(in) < 0) {
        throw new IOException("connection closed before a whole response");
      }
      Response r = Response.parse(in.array(), in.position());
      if (r == null) {
        return; // not all of it yet
      }
      run.done(System.nanoTime() - sentAt);
      if (r.status < 0) {
        run.error(request, r.problem);
      } else if (!run.endpoint.ok(r.status)) {
        run.error(
            request,
            r.status
                + " "
                + abbreviate(
                    new String(in.array(), r.bodyStart, r.bodyLength, StandardCharsets.UTF_8)));
      }
      request = null;
      key.interestOps(0);
      if (r.close) {
        reset();
      }
    }

    /** Drops the connection; the next request opens another. */
    void reset() {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException ignored) {
          // closing anyway
        }
      }
      channel = null;
      key = null;
    }
  }

  /** A whole response's status and framing, or {@code null} while bytes are missing. */
  record Response(int status, int bodyStart, int bodyLength, boolean close, String problem) {

    static Response parse(byte[] b, int n) {
      int headEnd = -1;
      for (int i = 3; i < n; i++) {
        if (b[i] == '\n' && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r') {
          headEnd = i + 1;
          break;
        }
      }
      if (headEnd < 0) {
        return null;
      }
      String[] lines = new String(b, 0, headEnd, StandardCharsets.ISO_8859_1).split("\r\n");
      String[] status = lines[0].split(" ", 3);
      if (status.length < 2 || !status[0].startsWith("HTTP/") || !isNumber(status[1])) {
        return new Response(-1, headEnd, 0, true, "not an HTTP response: " + lines[0]);
      }
      int length = -1;
      boolean close = status[0].equals("HTTP/1.0");
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon < 0) {
          continue;
        }
        String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = lines[i].substring(colon + 1).trim();
        if (name.equals("content-length")) {
          if (!isNumber(value)) {
            return new Response(-1, headEnd, 0, true, "a bad Content-Length: " + value);
          }
          length = Integer.parseInt(value);
        } else if (name.equals("connection")) {
          close = value.equalsIgnoreCase("close");
        }
      }
      if (length < 0) {
        return new Response(-1, headEnd, 0, true, "a response without Content-Length");
      }
      if (n < headEnd + length) {
        return null;
      }
      return new Response(Integer.parseInt(status[1]), headEnd, length, close, null);
    }
  }

  /** One to nine digits: what a status code or a response's length here can be. */
  private static boolean isNumber(String s) {
    if (s.isEmpty() || s.length() > 9) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static String abbreviate(String s) {
    String one = s.replaceAll("\\s+", " ");
    return one.length() > 160 ? one.substring(0, 160) + "..." : one;
  }
}
