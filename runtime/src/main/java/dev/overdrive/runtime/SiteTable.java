package dev.overdrive.runtime;

import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.IntFunction;

/**
 * Per-method state, found by the int id the agent pastes into the method's advice as a constant.
 *
 * <p>Design: reads are a plain array index behind one volatile load, so the hot path needs no
 * lookup by name and no lock. Registration happens at transform time, under this table's lock;
 * the array is copied on growth and republished through the volatile field. A class that is
 * transformed again (retransformation by us or another agent) finds its method's existing id,
 * so its cache survives; the identity is scoped by class loader, so a redeployed class gets a
 * fresh site.
 */
public final class SiteTable<S> {

  private static final Object BOOT = new Object();

  private volatile Object[] slots = new Object[64];
  private int size;
  private final Map<Object, Map<String, Integer>> idsByLoader = new WeakHashMap<>();

  /** The id of the site for {@code identity} in {@code loader}, created by {@code factory} if new. */
  public synchronized int register(ClassLoader loader, String identity, IntFunction<S> factory) {
    Map<String, Integer> ids =
        idsByLoader.computeIfAbsent(loader == null ? BOOT : loader, l -> new HashMap<>());
    Integer existing = ids.get(identity);
    if (existing != null) {
      return existing;
    }
    int id = size;
    S site = factory.apply(id);
    Object[] current = slots;
    if (id == current.length) {
      Object[] grown = java.util.Arrays.copyOf(current, id * 2);
      grown[id] = site;
      slots = grown;
    } else {
      current[id] = site;
      slots = current; // republish: the volatile write orders the element store before readers
    }
    size = id + 1;
    ids.put(identity, id);
    return id;
  }

  @SuppressWarnings("unchecked")
  public S get(int id) {
    return (S) slots[id];
  }

  /** Every site registered so far, in id order. */
  @SuppressWarnings("unchecked")
  public synchronized java.util.List<S> all() {
    java.util.List<S> list = new java.util.ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      list.add((S) slots[i]);
    }
    return list;
  }
}
