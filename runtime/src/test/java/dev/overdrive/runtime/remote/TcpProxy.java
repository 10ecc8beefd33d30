package dev.overdrive.runtime.remote;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A loopback TCP proxy for fault injection: adds latency to each direction, silently drops traffic
 * (keeps reading and throws it away, closes nothing, as a dead network path or a stateful firewall
 * that forgot the flow would), and resets every connection (RST). Test support shared with the
 * integration tests (runtime's test-jar).
 */
public final class TcpProxy implements AutoCloseable {

  private final int targetPort;
  private final ServerSocket server;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private volatile long latencyNanos;
  private volatile boolean dropping;
  private volatile boolean closed;

  public TcpProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "tcp-proxy-accept-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  /** {@code redis://127.0.0.1:<proxy port>}. */
  public String uri() {
    return "redis://127.0.0.1:" + port();
  }

  /** Delays every chunk, in each direction, by {@code millis}. */
  public void latency(long millis) {
    latencyNanos = TimeUnit.MILLISECONDS.toNanos(millis);
  }

  /** {@code true}: traffic is read and discarded, in both directions; nothing is closed. */
  public void drop(boolean drop) {
    dropping = drop;
  }

  /** Resets (RST) every open connection; new ones are accepted as before. */
  public void resetAll() {
    for (Socket s : sockets) {
      try {
        s.setSoLinger(true, 0);
        s.close();
      } catch (IOException ignored) {
        // already gone
      }
    }
    sockets.clear();
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket();
        try {
          upstream.connect(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 2000);
        } catch (IOException refused) {
          client.setSoLinger(true, 0);
          client.close(); // as the target would
          continue;
        }
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        sockets.add(client);
        sockets.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  /**
   * Copies {@code from} to {@code to} through a delay line: a reader stamps each chunk with the
   * time it is due and a writer sends it then, so latency delays every chunk without serialising
   * them (a pipeline of many chunks still takes one latency, as on a real link).
   */
  private void pump(Socket from, Socket to) {
    LinkedBlockingQueue<Chunk> line = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              byte[] buf = new byte[64 * 1024];
              try (InputStream in = from.getInputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                  if (!dropping) {
                    line.add(new Chunk(System.nanoTime() + latencyNanos, Arrays.copyOf(buf, n)));
                  }
                }
              } catch (IOException e) {
                // reset or closed
              } finally {
                line.add(Chunk.END);
              }
            },
            "tcp-proxy-read");
    Thread writer =
        new Thread(
            () -> {
              try (OutputStream out = to.getOutputStream()) {
                while (true) {
                  Chunk c = line.take();
                  if (c == Chunk.END) {
                    return;
                  }
                  long wait = c.due - System.nanoTime();
                  if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                  }
                  if (!dropping) {
                    out.write(c.bytes);
                    out.flush();
                  }
                }
              } catch (IOException | InterruptedException e) {
                // reset or closed
              } finally {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
              }
            },
            "tcp-proxy-write");
    reader.setDaemon(true);
    writer.setDaemon(true);
    reader.start();
    writer.start();
  }

  private record Chunk(long due, byte[] bytes) {
    static final Chunk END = new Chunk(0, new byte[0]);
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    resetAll();
  }
}
