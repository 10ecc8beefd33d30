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
 * {@code poll} (unlike {@link #relaxedPoll}) promises: it returns null only when empty. The two
 * fields sit on cache lines of their own ({@link MpscLinkedQueueLayout}), so producers exchanging
 * {@code producerNode} do not invalidate the line the consumer reads {@code consumerNode} from.
 * Accessor names say their memory ordering: {@code lv} load-volatile (acquire), {@code so}
 * store-ordered (release), {@code lp}/{@code sp} plain load/store, {@code xchg} atomic exchange.
 */
final class MpscLinkedQueue<E> extends MpscLinkedQueueLayout.Pad2<E> {

  private static final VarHandle NEXT;

  static {
    try {
      NEXT = MethodHandles.lookup().findVarHandle(Node.class, "next", Node.class);
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

  MpscLinkedQueue() {
    Node<E> stub = new Node<>(null);
    spConsumerNode(stub);
    spProducerNode(stub);
  }

  /** Any thread. Wait-free. */
  void offer(E e) {
    Node<E> node = new Node<>(e);
    xchgProducerNode(node).soNext(node);
  }

  /** The single consumer only. Null when the queue is empty. */
  E poll() {
    Node<E> current = lpConsumerNode();
    Node<E> next = current.lvNext();
    if (next == null) {
      if (current == lvProducerNode()) {
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
    return take(next);
  }

  /**
   * The single consumer only. Null when the queue is empty or in a bubble (a producer has exchanged
   * its node in but not linked it yet), so null does not mean empty: JCTools' {@code relaxedPoll}.
   * The batcher does not use it (it polls exactly the keys it counted, so a null would lose one);
   * the jcstress control {@code MpscBubbleControlTest} does, to show that the bubble {@link #poll}
   * waits out is reached.
   */
  E relaxedPoll() {
    Node<E> next = lpConsumerNode().lvNext();
    return next == null ? null : take(next);
  }

  /** Moves the consumer onto {@code next}, the new stub, and hands out its value. */
  private E take(Node<E> next) {
    E value = next.value;
    next.value = null; // the stub holds no element, so the consumer does not retain it
    spConsumerNode(next);
    return value;
  }
}
