package dev.overdrive.demo;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Finds the agent and the demo's own jar, builds service command lines, runs service JVMs. */
public final class Launcher {

  /**
   * JVM flags of every service run, agent on or off. The named executors of {@code @Parallel}
   * ({@code pricing}) and {@code @Async} ({@code journal}) must be configured; without the agent
   * these properties are simply unused.
   */
  public static final List<String> SERVICE_JVM_FLAGS =
      List.of(
          "-Xms512m",
          "-Xmx1g",
          "-Doverdrive.executor.pricing.threads=64",
          "-Doverdrive.executor.journal.threads=1",
          "-Doverdrive.journal.dir=" + home().resolve("overdrive-journal"));

  private Launcher() {}

  /** The demo jar (or the classes directory when run from an IDE or a test). */
  public static Path codeSource() {
    try {
      return Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toAbsolutePath()
          .normalize();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code demo-app/target}: the directory holding the demo jar (or target/classes). */
  public static Path home() {
    Path parent = codeSource().getParent();
    return parent == null ? Path.of(".").toAbsolutePath() : parent;
  }

  /**
   * The agent jar: {@code -Doverdrive.agent=path}; else the copy made next to the demo jar at build
   * time; else {@code ../agent/target/overdrive-agent.jar} of the repository the demo jar is in;
   * else {@code agent/target/overdrive-agent.jar} from the working directory (or its parent).
   */
  public static Path agentJar() {
    List<Path> tried = new ArrayList<>();
    String property = System.getProperty("overdrive.agent");
    if (property != null && !property.isBlank()) {
      Path p = Path.of(property).toAbsolutePath().normalize();
      if (Files.isRegularFile(p)) {
        return p;
      }
      throw new IllegalStateException("-Doverdrive.agent=" + property + ": no such file");
    }
    Path home = home();
    List<Path> candidates =
        List.of(
            home.resolve("overdrive-agent.jar"),
            home.resolve("../../agent/target/overdrive-agent.jar"),
            Path.of("agent/target/overdrive-agent.jar"),
            Path.of("../agent/target/overdrive-agent.jar"));
    for (Path c : candidates) {
      Path p = c.toAbsolutePath().normalize();
      tried.add(p);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    throw new IllegalStateException(
        "overdrive-agent.jar not found; build it first (mvn -B verify"
            + " at the repository root) or pass -Doverdrive.agent=/path/to/overdrive-agent.jar."
            + " Looked at: "
            + tried);
  }

  /** The class path of this JVM, each entry absolute. */
  public static String classPath() {
    List<String> out = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!entry.isEmpty()) {
        out.add(Path.of(entry).toAbsolutePath().normalize().toString());
      }
    }
    return String.join(File.pathSeparator, out);
  }

  public static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Whether this JVM was started with {@code -javaagent}. */
  public static boolean hasAgent() {
    return java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .anyMatch(a -> a.startsWith("-javaagent:"));
  }

  /** The command line of a service JVM: same flags for both runs, except the agent switch. */
  public static List<String> serviceCommand(
      Path agent, boolean agentOn, List<String> extraJvm, List<String> serveArgs) {
    List<String> cmd = new ArrayList<>();
    cmd.add(javaExecutable());
    cmd.addAll(SERVICE_JVM_FLAGS);
    cmd.addAll(extraJvm);
    cmd.add("-javaagent:" + agent);
    if (!agentOn) {
      cmd.add("-Doverdrive.enabled=false");
    }
    cmd.add("-cp");
    cmd.add(classPath());
    cmd.add(Main.class.getName());
    cmd.add("serve");
    cmd.addAll(serveArgs);
    return cmd;
  }

  /** A command line as one could paste it into a shell. */
  public static String shell(List<String> cmd) {
    StringBuilder sb = new StringBuilder();
    for (String a : cmd) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(a.matches("[A-Za-z0-9_./:=,@%+-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
    }
    return sb.toString();
  }

  /** A service JVM started by {@link #startService}: its URL, its log, how to stop it. */
  public static final class ServiceProcess implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final String url;

    private ServiceProcess(Process process, Path log, String url) {
      this.process = process;
      this.log = log;
      this.url = url;
    }

    public String url() {
      return url;
    }

    public Path log() {
      return log;
    }

    /** Asks the service to stop (SIGTERM: it flushes its journal), then insists. */
    @Override
    public void close() {
      process.destroy();
      try {
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Starts a service JVM with its output in {@code log} and waits for its READY line. */
  public static ServiceProcess startService(List<String> cmd, Path log, Duration timeout)
      throws IOException, InterruptedException {
    Files.createDirectories(log.toAbsolutePath().getParent());
    Files.deleteIfExists(log);
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<String> ready = readyLine(log);
      if (ready.isPresent()) {
        return new ServiceProcess(
            p,
            log,
            ready.get().substring(dev.overdrive.demo.service.DemoService.READY.length()).trim());
      }
      if (!p.isAlive()) {
        throw new IOException(
            "the service exited with code "
                + p.exitValue()
                + " before it was ready; its output ("
                + log
                + "):\n"
                + tail(log));
      }
      Thread.sleep(50);
    }
    p.destroyForcibly();
    throw new IOException(
        "the service was not ready within "
            + timeout.toSeconds()
            + " s; its output ("
            + log
            + "):\n"
            + tail(log));
  }

  private static Optional<String> readyLine(Path log) throws IOException {
    if (!Files.exists(log)) {
      return Optional.empty();
    }
    for (String line : Files.readAllLines(log, StandardCharsets.ISO_8859_1)) {
      if (line.startsWith(dev.overdrive.demo.service.DemoService.READY)) {
        return Optional.of(line);
      }
    }
    return Optional.empty();
  }

  static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }
}
