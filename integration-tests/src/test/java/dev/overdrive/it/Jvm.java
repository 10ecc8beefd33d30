package dev.overdrive.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Starts a scenario in a fresh JVM of a given JDK and captures what it printed. */
final class Jvm {

  /** The agent under test, as built by the agent module. */
  static final String AGENT = "-javaagent:" + requiredPath("overdrive.it.agent");

  /** A JDK under test: its {@code java} launcher and a short label for test names. */
  record Jdk(String label, String java) {
    @Override
    public String toString() {
      return label;
    }
  }

  /** What a scenario JVM did. */
  record Result(int exitCode, List<String> stdout, List<String> stderr) {
    String describe() {
      return "exit "
          + exitCode
          + "\n--- stdout\n"
          + String.join("\n", stdout)
          + "\n--- stderr\n"
          + String.join("\n", stderr);
    }
  }

  private Jvm() {}

  /**
   * The JDKs to run every scenario on: this build's JDK and Temurin 25 where installed, or the
   * launchers listed in {@code -Doverdrive.it.jdks=/path/bin/java,...}.
   */
  static List<Jdk> jdks() {
    String listed = System.getProperty("overdrive.it.jdks", "").trim();
    List<String> javas = new ArrayList<>();
    if (!listed.isEmpty()) {
      javas.addAll(Arrays.asList(listed.split(",")));
    } else {
      javas.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      Path temurin25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
      if (Files.isExecutable(temurin25)) {
        javas.add(temurin25.toString());
      }
    }
    List<Jdk> jdks = new ArrayList<>();
    for (String java : javas) {
      jdks.add(new Jdk("java " + featureVersion(java.trim()), java.trim()));
    }
    return jdks;
  }

  /**
   * Runs {@code mainClass} with the scenario classes and the annotations on the class path (and
   * Micrometer when {@code micrometer}), plus {@code jvmArgs} (the agent among them when wanted)
   * and {@code args}.
   */
  static Result run(
      Jdk jdk, boolean micrometer, List<String> jvmArgs, String mainClass, String... args)
      throws IOException, InterruptedException {
    return run(jdk, micrometer, false, jvmArgs, mainClass, args);
  }

  /**
   * As {@link #run(Jdk, boolean, List, String, String...)}, with the test libraries (Mockito and
   * the OpenTelemetry API) on the class path too when {@code testLibraries}. Other scenarios go
   * without them, as without Micrometer: an application's first class-path-wide resource scan
   * (ServiceLoader, as on the first {@code @Async} call) opens every jar, and ByteBuddy's is big.
   */
  static Result run(
      Jdk jdk,
      boolean micrometer,
      boolean testLibraries,
      List<String> jvmArgs,
      String mainClass,
      String... args)
      throws IOException, InterruptedException {
    return start(command(jdk, micrometer, testLibraries, jvmArgs, mainClass, args));
  }

  /** The command {@link #run} runs, for a test that must watch or kill the JVM itself. */
  static List<String> command(
      Jdk jdk,
      boolean micrometer,
      boolean testLibraries,
      List<String> jvmArgs,
      String mainClass,
      String... args) {
    List<String> command = new ArrayList<>();
    command.add(jdk.java());
    command.addAll(jvmArgs);
    command.add("-Dit.classes=" + requiredPath("overdrive.it.classes"));
    command.add("-Dit.annotations=" + annotationsJar());
    command.add("-cp");
    command.add(classpath(micrometer, testLibraries));
    command.add(mainClass);
    command.addAll(Arrays.asList(args));
    return command;
  }

  /**
   * Runs an executable jar, {@code java <jvmArgs> -jar <jar> <args>}: the jar's own launcher and
   * class path only (a Spring Boot fat jar and its LaunchedClassLoader, for instance).
   */
  static Result runJar(Jdk jdk, List<String> jvmArgs, String jar, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(jdk.java());
    command.addAll(jvmArgs);
    command.add("-jar");
    command.add(jar);
    command.addAll(Arrays.asList(args));
    return start(command);
  }

  private static Result start(List<String> command) throws IOException, InterruptedException {
    Path out = Files.createTempFile("scenario", ".out");
    Path err = Files.createTempFile("scenario", ".err");
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("scenario timed out: " + command);
      }
      return new Result(
          p.exitValue(),
          Files.readAllLines(out, StandardCharsets.UTF_8),
          Files.readAllLines(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static String classpath(boolean micrometer, boolean testLibraries) {
    List<String> entries = new ArrayList<>();
    entries.add(requiredPath("overdrive.it.classes"));
    for (String entry : System.getProperty("overdrive.it.classpath").split(File.pathSeparator)) {
      boolean metrics =
          entry.contains("micrometer")
              || entry.contains("HdrHistogram")
              || entry.contains("LatencyUtils");
      boolean library =
          entry.contains("mockito")
              || entry.contains("byte-buddy")
              || entry.contains("objenesis")
              || entry.contains("opentelemetry");
      boolean agent = entry.contains("overdrive-agent");
      if (!entry.isBlank() && !agent && (micrometer || !metrics) && (testLibraries || !library)) {
        entries.add(entry);
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  private static String annotationsJar() {
    for (String entry : System.getProperty("overdrive.it.classpath").split(File.pathSeparator)) {
      if (entry.contains("overdrive-annotations")) {
        return entry;
      }
    }
    throw new IllegalStateException("overdrive-annotations not on the scenario class path");
  }

  /** The file or directory system property {@code property} names; it must exist. */
  static String requiredPath(String property) {
    String path = System.getProperty(property);
    if (path == null || !new File(path).exists()) {
      throw new IllegalStateException(property + " does not point at a file: " + path);
    }
    return path;
  }

  private static String featureVersion(String java) {
    try {
      Process p =
          new ProcessBuilder(java, "-XshowSettings:properties", "-version")
              .redirectErrorStream(true)
              .start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      for (String line : output.split("\n")) {
        if (line.trim().startsWith("java.specification.version")) {
          return line.substring(line.indexOf('=') + 1).trim();
        }
      }
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("cannot run " + java, e);
    }
    throw new IllegalStateException("no version from " + java);
  }

  /** Lines of {@code lines} that contain every one of {@code fragments}. */
  static List<String> matching(List<String> lines, String... fragments) {
    return lines.stream()
        .filter(l -> Arrays.stream(fragments).allMatch(l::contains))
        .collect(Collectors.toList());
  }
}
