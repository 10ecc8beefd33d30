package dev.overdrive.agent;

import dev.overdrive.runtime.config.Config;
import dev.overdrive.runtime.config.Settings;
import java.io.File;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.function.Supplier;

/**
 * The agent once awake: loaded from the bootstrap class path by {@link PrefilterTransformer} when
 * the first annotated class appears, it reads the switches and builds the ByteBuddy transformer,
 * wrapped so that every class transformation failure is reported here, in one place.
 */
public final class AwakeAgent {

  /** Where the agent jar relocates ByteBuddy; the string literal is relocated with it. */
  private static final String SHADED_BYTEBUDDY =
      net.bytebuddy.ByteBuddy.class
          .getName()
          .substring(0, net.bytebuddy.ByteBuddy.class.getName().lastIndexOf('.'));

  private AwakeAgent() {}

  /**
   * The transformer for classes that passed the prefilter; it also supplies the summary line.
   * {@code loader} is the class loader of the class that woke the agent: its {@code
   * application.properties} / {@code .yml} are read too. Returns {@code null} when they switch the
   * agent off ({@code overdrive.enabled=false}).
   */
  public static ClassFileTransformer transformer(File agentJar, ClassLoader loader)
      throws java.io.IOException {
    // Our ByteBuddy (relocated, so this property is ours alone) never injects classes: without
    // this, merely creating an AgentBuilder touches sun.misc.Unsafe, which Java 24+ warns about.
    System.setProperty(SHADED_BYTEBUDDY + ".nexus.disabled", "true");
    Config config = Config.wake(loader);
    if (!config.bool(Config.ENABLED, true)) {
      return null;
    }
    Settings settings = Settings.from(config);
    TransformReport report = new TransformReport(settings.report());
    ClassFileTransformer transformer =
        new Transformation(settings, config.properties(), report, agentJar).transformer();
    return new Reporting(transformer, report);
  }

  private static final class Reporting implements ClassFileTransformer, Supplier<String> {
    private final ClassFileTransformer transformer;
    private final TransformReport report;

    Reporting(ClassFileTransformer transformer, TransformReport report) {
      this.transformer = transformer;
      this.report = report;
    }

    @Override
    public byte[] transform(
        Module module,
        ClassLoader loader,
        String className,
        Class<?> classBeingRedefined,
        ProtectionDomain domain,
        byte[] bytes) {
      try {
        return transformer.transform(module, loader, className, classBeingRedefined, domain, bytes);
      } catch (Throwable t) {
        // ByteBuddy wraps what failed, after telling its listener; the class stays as it was.
        Throwable cause =
            t instanceof IllegalStateException && t.getCause() != null ? t.getCause() : t;
        report.failed(className.replace('/', '.'), cause);
        return null;
      }
    }

    @Override
    public String get() {
      return report.summary();
    }
  }
}
