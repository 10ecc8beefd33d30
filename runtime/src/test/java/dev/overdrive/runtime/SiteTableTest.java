package dev.overdrive.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SiteTableTest {

  @Test
  void idsAreDenseAndSitesFoundById() {
    SiteTable<String> table = new SiteTable<>();
    ClassLoader loader = getClass().getClassLoader();
    for (int i = 0; i < 200; i++) { // past the initial capacity
      int id = table.register(loader, "m" + i, n -> "site" + n, new ArrayList<>());
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
    int first = table.register(loader, "a.B#m()V", n -> new Object(), new ArrayList<>());
    assertEquals(first, table.register(loader, "a.B#m()V", n -> new Object(), new ArrayList<>()));
  }

  @Test
  void sameMethodInAnotherLoaderGetsAFreshSite() throws Exception {
    SiteTable<Object> table = new SiteTable<>();
    try (URLClassLoader other = new URLClassLoader(new URL[0])) {
      int first =
          table.register(
              getClass().getClassLoader(), "a.B#m()V", n -> new Object(), new ArrayList<>());
      assertNotEquals(
          first, table.register(other, "a.B#m()V", n -> new Object(), new ArrayList<>()));
    }
  }

  @Test
  void aTakenBackSiteIsGoneAndItsMethodGetsAFreshOne() {
    SiteTable<Object> table = new SiteTable<>();
    ClassLoader loader = getClass().getClassLoader();
    List<Runnable> undo = new ArrayList<>();
    int id = table.register(loader, "a.B#m()V", n -> new Object(), undo);
    assertEquals(1, undo.size());
    undo.forEach(Runnable::run);
    assertNull(table.get(id));
    Object fresh = new Object();
    int again = table.register(loader, "a.B#m()V", n -> fresh, new ArrayList<>());
    assertNotEquals(id, again);
    assertSame(fresh, table.get(again));
  }

  @Test
  void anExistingSiteIsNeverTakenBack() {
    SiteTable<Object> table = new SiteTable<>();
    ClassLoader loader = getClass().getClassLoader();
    Object site = new Object();
    int id = table.register(loader, "a.B#m()V", n -> site, new ArrayList<>());
    List<Runnable> undo = new ArrayList<>();
    assertEquals(id, table.register(loader, "a.B#m()V", n -> new Object(), undo));
    assertEquals(List.of(), undo, "a retransformation that fails keeps the site in use");
  }

  @Test
  void anAnchoredSiteIsNotTakenBack() {
    SiteTable<Object> table = new SiteTable<>();
    Object site = new Object();
    List<Runnable> undo = new ArrayList<>();
    int id = table.register(getClass().getClassLoader(), "a.B#m()V", n -> site, undo);
    table.anchor(SiteTableTest.class, site);
    undo.forEach(Runnable::run);
    assertSame(site, table.get(id));
  }
}
