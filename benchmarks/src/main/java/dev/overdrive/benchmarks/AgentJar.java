package dev.overdrive.benchmarks;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds {@code overdrive-agent.jar} for the forks' {@code -javaagent}. */
final class AgentJar {

  static final String PROPERTY = "overdrive.agent.jar";
  static final String ENV = "OVERDRIVE_AGENT_JAR";
  private static final String IN_REPO = "agent/target/overdrive-agent.jar";

  private AgentJar() {}

  /**
   * The jar named by {@code -Doverdrive.agent.jar} or {@code $OVERDRIVE_AGENT_JAR}; failing those,
   * the repository's build output, looked for from the working directory (the repository or {@code
   * benchmarks/}) and from where this class was loaded ({@code benchmarks/target/}). Absolute,
   * because the forks need not share our working directory.
   */
  static Path locate() {
    String configured = System.getProperty(PROPERTY, System.getenv(ENV));
    if (configured != null && !configured.isBlank()) {
      Path jar = Path.of(configured).toAbsolutePath().normalize();
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException(
            "no agent jar at " + jar + " (from " + PROPERTY + "/" + ENV + ")");
      }
      return jar;
    }
    List<Path> tried = new ArrayList<>();
    tried.add(Path.of("..", IN_REPO));
    tried.add(Path.of(IN_REPO));
    Path target = targetDirectory();
    if (target != null && target.getParent() != null && target.getParent().getParent() != null) {
      tried.add(target.getParent().getParent().resolve(IN_REPO)); // benchmarks/target -> repo root
    }
    for (Path candidate : tried) {
      if (Files.isRegularFile(candidate)) {
        return candidate.toAbsolutePath().normalize();
      }
    }
    throw new IllegalStateException(
        "Overdrive agent jar not found (tried "
            + tried
            + "). Build it with"
            + " `mvn -B -q install -DskipTests` at the repository root, or set -D"
            + PROPERTY
            + " or "
            + ENV
            + ".");
  }

  /** {@code benchmarks/target}: the parent of this class's jar or of {@code target/classes}. */
  private static Path targetDirectory() {
    try {
      Path code =
          Path.of(AgentJar.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return code.toAbsolutePath().getParent();
    } catch (URISyntaxException | RuntimeException e) {
      return null;
    }
  }
}
