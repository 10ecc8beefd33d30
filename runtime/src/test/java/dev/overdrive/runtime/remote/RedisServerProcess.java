package dev.overdrive.runtime.remote;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} of a test's own, on a free loopback port (never the machine's 6379),
 * without persistence, in its own directory under {@code target/}. It can be killed (-9), paused
 * (SIGSTOP), resumed and restarted on the same port, and counts commands by type ({@code INFO
 * commandstats}). Every wait is bounded. Test support shared with the integration tests (runtime's
 * test-jar).
 */
public final class RedisServerProcess implements AutoCloseable {

  private static final long START_MILLIS = 10_000;

  private final String executable;
  private final int port;
  private final Path dir;
  private Process process;

  private RedisServerProcess(String executable, int port, Path dir) {
    this.executable = executable;
    this.port = port;
    this.dir = dir;
  }

  /** Starts one on a free port and waits (bounded) until it answers PING. */
  public static RedisServerProcess start() throws IOException {
    String exe = find();
    IOException last = null;
    for (int attempt = 0; attempt < 3; attempt++) { // a free port can be taken before we bind it
      int port = freePort();
      Path dir = Paths.get("target", "redis", port + "-" + System.nanoTime()).toAbsolutePath();
      Files.createDirectories(dir);
      RedisServerProcess r = new RedisServerProcess(exe, port, dir);
      try {
        r.launch();
        return r;
      } catch (IOException e) {
        r.kill();
        last = e;
      }
    }
    throw last;
  }

  /** The path of {@code redis-server}, or a failure that says how to install it. */
  static String find() {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String d : path.split(File.pathSeparator)) {
        File f = new File(d, "redis-server");
        if (f.canExecute()) {
          return f.getAbsolutePath();
        }
      }
    }
    throw new IllegalStateException(
        "redis-server is not on the PATH; the Redis tier's tests "
            + "start their own: apt-get install -y redis-server");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private void launch() throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder(
            executable,
            "--port",
            Integer.toString(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            dir.toString(),
            "--daemonize",
            "no",
            "--logfile",
            dir.resolve("redis.log").toString());
    pb.redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile());
    process = pb.start();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_MILLIS);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(
            "redis-server exited with "
                + process.exitValue()
                + " (port "
                + port
                + "), see "
                + dir.resolve("redis.log"));
      }
      try {
        if ("PONG".equals(command("PING"))) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      sleep(10);
    }
    throw new IOException("redis-server did not answer PING within " + START_MILLIS + " ms");
  }

  public int port() {
    return port;
  }

  /** {@code redis://127.0.0.1:<port>}. */
  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  public long pid() {
    return process.pid();
  }

  /** SIGKILL, and waits (bounded) until it is gone. */
  public void kill() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** SIGSTOP: the server keeps its sockets but answers nothing. */
  public void pause() throws IOException {
    signal("-STOP");
  }

  /** SIGCONT. */
  public void resume() throws IOException {
    signal("-CONT");
  }

  private void signal(String which) throws IOException {
    Process p = new ProcessBuilder("kill", which, Long.toString(pid())).start();
    try {
      if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("kill " + which + " " + pid() + " failed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /** Starts it again on the same port (after {@link #kill}), empty. */
  public void restart() throws IOException {
    kill();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (true) {
      try {
        launch();
        return;
      } catch (IOException e) { // the port may linger a moment
        kill();
        if (System.nanoTime() > deadline) {
          throw e;
        }
        sleep(50);
      }
    }
  }

  /** Calls per command since the last {@link #resetStats}, by name ({@code get}, {@code mget}). */
  public Map<String, Long> commandStats() throws IOException {
    Map<String, Long> calls = new HashMap<>();
    for (String line : ((String) command("INFO", "commandstats")).split("\r\n")) {
      // cmdstat_get:calls=3,usec=12,usec_per_call=4.00,rejected_calls=0,failed_calls=0
      if (line.startsWith("cmdstat_")) {
        int colon = line.indexOf(':');
        int start = line.indexOf("calls=") + 6;
        int end = line.indexOf(',', start);
        calls.put(line.substring(8, colon), Long.parseLong(line.substring(start, end)));
      }
    }
    return calls;
  }

  /** How many {@code name} commands ran since the last {@link #resetStats}. */
  public long calls(String name) throws IOException {
    return commandStats().getOrDefault(name, 0L);
  }

  public void resetStats() throws IOException {
    command("CONFIG", "RESETSTAT");
  }

  /**
   * One command on a fresh connection (bounded by a 2 s timeout): a simple or bulk string, a Long,
   * a List, or null.
   */
  public Object command(String... args) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
      s.setSoTimeout(2000);
      OutputStream out = s.getOutputStream();
      ByteArrayOutputStream req = new ByteArrayOutputStream();
      req.write(("*" + args.length + "\r\n").getBytes(StandardCharsets.UTF_8));
      for (String a : args) {
        byte[] b = a.getBytes(StandardCharsets.UTF_8);
        req.write(("$" + b.length + "\r\n").getBytes(StandardCharsets.UTF_8));
        req.write(b);
        req.write("\r\n".getBytes(StandardCharsets.UTF_8));
      }
      out.write(req.toByteArray());
      out.flush();
      return read(new BufferedInputStream(s.getInputStream()));
    }
  }

  private static Object read(InputStream in) throws IOException {
    int type = in.read();
    String line = line(in);
    switch (type) {
      case '+':
        return line;
      case '-':
        throw new IOException("Redis error: " + line);
      case ':':
        return Long.parseLong(line);
      case '$':
        {
          int n = Integer.parseInt(line);
          if (n < 0) {
            return null;
          }
          byte[] b = in.readNBytes(n + 2);
          return new String(b, 0, n, StandardCharsets.UTF_8);
        }
      case '*':
        {
          int n = Integer.parseInt(line);
          if (n < 0) {
            return null;
          }
          List<Object> items = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            items.add(read(in));
          }
          return items;
        }
      default:
        throw new IOException("unexpected reply type " + type);
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) != '\r') {
      if (c < 0) {
        throw new IOException("connection closed");
      }
      b.append((char) c);
    }
    in.read(); // '\n'
    return b.toString();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    kill(); // SIGKILL ends a paused server too
  }
}
