package dev.overdrive.runtime;

/** A stand-in for a site: several fields written by its constructor, checked by readers. */
final class Sites {

  private Sites() {}

  static final ClassLoader LOADER = Sites.class.getClassLoader();

  /** Identities of the sites that fill a table's first array (64 slots). */
  static final String[] FILLER = new String[64];

  static {
    for (int i = 0; i < FILLER.length; i++) {
      FILLER[i] = "dev.overdrive.jcstress.Owner#m" + i + "()V";
    }
  }

  /** A table whose first array is full but for {@code free} slots. */
  static SiteTable<Site> tableWithFree(int free) {
    SiteTable<Site> table = new SiteTable<>();
    for (int i = 0; i < FILLER.length - free; i++) {
      table.register(LOADER, FILLER[i], id -> new Site(id, "filler"), new java.util.ArrayList<>());
    }
    return table;
  }

  static final class Site {
    final int id;
    final String name;
    // Deliberately not final: a reader must see them through the table's publication alone.
    int idCopy;
    long checksum;
    Object[] state;

    Site(int id, String name) {
      this.id = id;
      this.name = name;
      this.idCopy = id;
      this.checksum = 31L * id + name.hashCode();
      this.state = new Object[] {name};
    }

    /** 1 when every field is as the constructor wrote it for {@code expectedId}, else 2. */
    int check(int expectedId, String expectedName) {
      boolean whole =
          id == expectedId
              && idCopy == expectedId
              && expectedName.equals(name)
              && checksum == 31L * expectedId + expectedName.hashCode()
              && state != null
              && state.length == 1
              && state[0] == name;
      return whole ? 1 : 2;
    }
  }
}
