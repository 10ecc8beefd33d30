package dev.overdrive.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

class SiteTableTest {

  @Test
  void idsAreDenseAndSitesFoundById() {
    SiteTable<String> table = new SiteTable<>();
    ClassLoader loader = getClass().getClassLoader();
    for (int i = 0; i < 200; i++) { // past the initial capacity
      int id = table.register(loader, "m" + i, n -> "site" + n);
      assertEquals(i, id);
    }
    for (int i = 0; i < 200; i++) {
      assertEquals("site" + i, table.get(i));
    }
  }

  @Test
  void sameMethodInSameLoaderKeepsItsSite() {
    SiteTable<Object> table = new SiteTable<>();
    ClassLoader loader = getClass().getClassLoader();
    int first = table.register(loader, "a.B#m()V", n -> new Object());
    assertEquals(first, table.register(loader, "a.B#m()V", n -> new Object()));
  }

  @Test
  void sameMethodInAnotherLoaderGetsAFreshSite() throws Exception {
    SiteTable<Object> table = new SiteTable<>();
    try (URLClassLoader other = new URLClassLoader(new URL[0])) {
      int first = table.register(getClass().getClassLoader(), "a.B#m()V", n -> new Object());
      assertNotEquals(first, table.register(other, "a.B#m()V", n -> new Object()));
    }
  }
}
