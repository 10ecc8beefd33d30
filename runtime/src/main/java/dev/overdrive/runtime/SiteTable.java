package dev.overdrive.runtime;

import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.IntFunction;

/**
 * Per-method state, found by the int id the agent pastes into the method's advice as a constant.
 *
 * <p>Design. A read is an array index behind one volatile load, then a weak reference: no lookup by
 * name, no lock. The table holds sites weakly so that they live only as long as their class ({@link
 * Lifecycle}); a new site is held strongly until its first call anchors it to its class ({@link
 * #anchor}), and until then it holds nothing of the application's. Registration happens at
 * transform time under this table's lock; the array is copied on growth and republished through the
 * volatile field. A class transformed again (retransformation by us or another agent) finds its
 * method's existing site, so its cache survives; the identity is scoped by class loader, so a
 * redeployed class gets a fresh site.
 */
public final class SiteTable<S> {

  private static final Object BOOT = new Object();

  private volatile Object[] slots = new Object[64];
  private int size;
  private final Map<Object, Map<String, Integer>> idsByLoader = new WeakHashMap<>();
  private final Set<Object> unanchored = Collections.newSetFromMap(new IdentityHashMap<>());

  private static final WeakReference<Object> DISCARDED = new WeakReference<>(null);

  /**
   * The id of the site for {@code identity} in {@code loader}, created by {@code factory} if new. A
   * new site adds to {@code undo} the action that takes it back, for a transformation that fails
   * after registering it: the class stays as it was, so nothing may stay registered for it.
   */
  public synchronized int register(
      ClassLoader loader, String identity, IntFunction<S> factory, List<Runnable> undo) {
    Map<String, Integer> ids =
        idsByLoader.computeIfAbsent(loader == null ? BOOT : loader, l -> new HashMap<>());
    Integer existing = ids.get(identity);
    if (existing != null && get(existing) != null) {
      return existing;
    }
    int id = size;
    S site = factory.apply(id);
    unanchored.add(site);
    undo.add(() -> discard(ids, identity, id, site));
    Object[] current = slots;
    if (id == current.length) {
      current = Arrays.copyOf(current, id * 2);
    }
    current[id] = new WeakReference<>(site);
    slots = current; // the volatile write publishes the element to readers
    size = id + 1;
    ids.put(identity, id);
    return id;
  }

  /** Takes back a site no class uses: its id finds nothing from now on. */
  private synchronized void discard(Map<String, Integer> ids, String identity, int id, S site) {
    if (unanchored.remove(site)) {
      slots[id] = DISCARDED; // no instrumented code holds this id: its class was left unchanged
      ids.remove(identity, id);
    }
  }

  /** The id of the live site for {@code identity} in {@code loader}, or -1 if there is none. */
  public synchronized int find(ClassLoader loader, String identity) {
    Map<String, Integer> ids = idsByLoader.get(loader == null ? BOOT : loader);
    Integer id = ids == null ? null : ids.get(identity);
    return id != null && get(id) != null ? id : -1;
  }

  /** The site with {@code id}, or {@code null} once its class is gone or it was taken back. */
  @SuppressWarnings("unchecked")
  public S get(int id) {
    return ((WeakReference<S>) slots[id]).get();
  }

  /** Every live site, for the admin paths ({@code Control}); never on a call's path. */
  public synchronized List<S> live() {
    List<S> live = new java.util.ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      S site = get(i);
      if (site != null) {
        live.add(site);
      }
    }
    return live;
  }

  /** From now on {@code site} lives as long as {@code type}, the class its method belongs to. */
  public void anchor(Class<?> type, S site) {
    Lifecycle.anchor(type, site);
    synchronized (this) {
      unanchored.remove(site);
    }
  }
}
