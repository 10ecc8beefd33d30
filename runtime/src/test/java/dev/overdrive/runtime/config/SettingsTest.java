package dev.overdrive.runtime.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class SettingsTest {

  @Test
  void defaultsAreOn() {
    Settings s = Settings.from(new Properties());
    assertTrue(s.enabled());
    assertFalse(s.report());
    for (Settings.Feature f : Settings.Feature.values()) {
      assertTrue(s.isEnabled(f));
    }
    assertFalse(s.isDisabled("a.B", "m"));
  }

  @Test
  void switchesOff() {
    Properties p = new Properties();
    p.setProperty("overdrive.enabled", "FALSE");
    p.setProperty("overdrive.cached.enabled", "false");
    p.setProperty("overdrive.report", "true");
    Settings s = Settings.from(p);
    assertFalse(s.enabled());
    assertTrue(s.report());
    assertFalse(s.isEnabled(Settings.Feature.CACHED));
    assertTrue(s.isEnabled(Settings.Feature.ASYNC));
  }

  @Test
  void disableListByMethodAndByClass() {
    Properties p = new Properties();
    p.setProperty("overdrive.disable", " a.B#find , c.D#* ,");
    Settings s = Settings.from(p);
    assertTrue(s.isDisabled("a.B", "find"));
    assertFalse(s.isDisabled("a.B", "other"));
    assertTrue(s.isDisabled("c.D", "anything"));
  }
}
