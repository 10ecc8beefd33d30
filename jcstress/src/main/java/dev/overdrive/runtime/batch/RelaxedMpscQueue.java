package dev.overdrive.runtime.batch;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A copy of {@link MpscLinkedQueue} whose {@code poll} does not wait out the bubble (JCTools'
 * {@code relaxedPoll}): it answers null as soon as the next node is not linked yet. Only for
 * {@link MpscBubbleControlTest}, to show that {@link MpscBubbleTest} can see a bubble at all.
 */
final class RelaxedMpscQueue<E> {

  private static final VarHandle PRODUCER_NODE;
  private static final VarHandle NEXT;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      PRODUCER_NODE = lookup.findVarHandle(RelaxedMpscQueue.class, "producerNode", Node.class);
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
  }

  @SuppressWarnings("unused")
  private volatile Node<E> producerNode;
  private Node<E> consumerNode;

  RelaxedMpscQueue() {
    Node<E> stub = new Node<>(null);
    consumerNode = stub;
    producerNode = stub;
  }

  void offer(E e) {
    Node<E> node = new Node<>(e);
    @SuppressWarnings("unchecked")
    Node<E> previous = (Node<E>) PRODUCER_NODE.getAndSet(this, node);
    NEXT.setRelease(previous, node);
  }

  E poll() {
    @SuppressWarnings("unchecked")
    Node<E> next = (Node<E>) NEXT.getAcquire(consumerNode);
    if (next == null) {
      return null; // empty, or a bubble: the difference this copy exists to show
    }
    E value = next.value;
    next.value = null;
    consumerNode = next;
    return value;
  }
}
