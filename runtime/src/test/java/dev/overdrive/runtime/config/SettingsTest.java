package dev.overdrive.runtime.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class SettingsTest {

  private static Settings settings(String... pairs) {
    Properties p = new Properties();
    for (int i = 0; i < pairs.length; i += 2) {
      p.setProperty(pairs[i], pairs[i + 1]);
    }
    return Settings.from(new Config(p));
  }

  @Test
  void defaultsAreOn() {
    Settings s = settings();
    assertFalse(s.report());
    for (Settings.Feature f : Settings.Feature.values()) {
      assertTrue(s.isEnabled(f));
    }
    assertFalse(s.isDisabled("a.B", "m"));
  }

  @Test
  void switchesOff() {
    Settings s = settings("overdrive.cached.enabled", "FALSE", "overdrive.report", "true");
    assertTrue(s.report());
    assertFalse(s.isEnabled(Settings.Feature.CACHED));
    assertTrue(s.isEnabled(Settings.Feature.ASYNC));
  }

  @Test
  void aSwitchThatIsNeitherTrueNorFalseKeepsItsDefault() {
    Settings s = settings("overdrive.cached.enabled", "no", "overdrive.report", "yes");
    assertTrue(s.isEnabled(Settings.Feature.CACHED));
    assertFalse(s.report());
  }

  @Test
  void disableListByMethodAndByClass() {
    Settings s = settings("overdrive.disable", " a.B#find , c.D#* ,");
    assertTrue(s.isDisabled("a.B", "find"));
    assertFalse(s.isDisabled("a.B", "other"));
    assertTrue(s.isDisabled("c.D", "anything"));
  }
}
