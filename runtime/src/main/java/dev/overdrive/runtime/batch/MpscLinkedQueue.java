package dev.overdrive.runtime.batch;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A multi-producer, single-consumer unbounded queue (Dmitry Vyukov's intrusive MPSC design, as in
 * JCTools' {@code MpscLinkedQueue}): the batcher's key intake.
 *
 * <p>Design. A producer swaps its node into {@code producerNode} with one atomic exchange (no CAS
 * loop, so producers never retry: wait-free), then links the previous node to it with a release
 * store. The consumer owns {@code consumerNode} alone and reads each {@code next} with acquire
 * semantics. Between a producer's exchange and its link, the consumer can see the queue as
 * non-empty with no next node yet (a "bubble"); {@link #poll} then spins briefly, which is what
 * {@code poll} (unlike JCTools' {@code relaxedPoll}) promises: it returns null only when empty.
 * Field names say their memory ordering: {@code lv} load-volatile (acquire), {@code so}
 * store-ordered (release), {@code xchg} atomic exchange.
 */
final class MpscLinkedQueue<E> {

  private static final VarHandle PRODUCER_NODE;
  private static final VarHandle NEXT;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      PRODUCER_NODE = lookup.findVarHandle(MpscLinkedQueue.class, "producerNode", Node.class);
      NEXT = lookup.findVarHandle(Node.class, "next", Node.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  static final class Node<E> {
    E value;
    volatile Node<E> next;

    Node(E value) {
      this.value = value;
    }

    @SuppressWarnings("unchecked")
    Node<E> lvNext() {
      return (Node<E>) NEXT.getAcquire(this);
    }

    void soNext(Node<E> n) {
      NEXT.setRelease(this, n);
    }
  }

  // Padding keeps the producers' hot field off the consumer's cache line.
  long p00, p01, p02, p03, p04, p05, p06, p07;
  @SuppressWarnings("unused")
  private volatile Node<E> producerNode;
  long p10, p11, p12, p13, p14, p15, p16, p17;
  private Node<E> consumerNode;

  MpscLinkedQueue() {
    Node<E> stub = new Node<>(null);
    consumerNode = stub;
    producerNode = stub;
  }

  /** Any thread. Wait-free. */
  void offer(E e) {
    Node<E> node = new Node<>(e);
    @SuppressWarnings("unchecked")
    Node<E> previous = (Node<E>) PRODUCER_NODE.getAndSet(this, node); // xchg
    previous.soNext(node);
  }

  /** The single consumer only. Null when the queue is empty. */
  E poll() {
    Node<E> current = consumerNode;
    Node<E> next = current.lvNext();
    if (next == null) {
      if (current == PRODUCER_NODE.getAcquire(this)) {
        return null;
      }
      for (int spins = 0; (next = current.lvNext()) == null; spins++) {
        // A producer has swapped in its node and is about to link it; if it was preempted
        // in between, give it the CPU rather than burn this one.
        if (spins < 64) {
          Thread.onSpinWait();
        } else {
          Thread.yield();
        }
      }
    }
    E value = next.value;
    next.value = null;
    consumerNode = next;
    return value;
  }
}
