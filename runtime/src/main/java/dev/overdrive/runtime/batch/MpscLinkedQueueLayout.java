package dev.overdrive.runtime.batch;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The field layout of {@link MpscLinkedQueue}, as a chain of superclasses (JCTools' {@code
 * BaseLinkedQueue} does the same): {@code Pad0 -> ProducerNodeField -> Pad1 -> ConsumerNodeField ->
 * Pad2 -> MpscLinkedQueue}.
 *
 * <p>Why inheritance. HotSpot does not lay a class's fields out in declaration order: it groups
 * them by size (longs, then ints, then references...), so padding fields declared around {@code
 * producerNode} in one class end up wherever the layout puts them. It does place a superclass's
 * fields before a subclass's, so each field gets a class of its own, with a class of padding on
 * either side. The padding is made of {@code byte} fields because HotSpot (JDK 15+, {@code
 * UseEmptySlotsInSupers}) fills alignment gaps in a superclass with a subclass's small fields: a
 * pad of {@code long}s leaves a 4-byte gap after a 12-byte header that a compressed reference would
 * drop into, ahead of the padding; bytes leave no gap.
 *
 * <p>Why 128 bytes. A cache line is 64 bytes, but Intel's spatial prefetcher fetches lines in
 * pairs, so two fields 64 bytes apart can still share traffic. 128 bytes of padding before {@code
 * producerNode}, 128 between it and {@code consumerNode}, and 128 after, so neither field shares a
 * line pair with the other nor with a neighbouring object. {@code MpscLinkedQueueLayoutTest} reads
 * the offsets on the running JVM, with and without compressed references.
 *
 * <p>Accessor names say their memory ordering: {@code lv} load-volatile (acquire), {@code lp} plain
 * load, {@code sp} plain store, {@code xchg} atomic exchange.
 */
final class MpscLinkedQueueLayout {

  private MpscLinkedQueueLayout() {}

  /** 128 bytes, so the object before this one in the heap is off the producers' line. */
  @SuppressWarnings("unused")
  abstract static class Pad0 {
    byte b000,
        b001,
        b002,
        b003,
        b004,
        b005,
        b006,
        b007,
        b010,
        b011,
        b012,
        b013,
        b014,
        b015,
        b016,
        b017;
    byte b020,
        b021,
        b022,
        b023,
        b024,
        b025,
        b026,
        b027,
        b030,
        b031,
        b032,
        b033,
        b034,
        b035,
        b036,
        b037;
    byte b040,
        b041,
        b042,
        b043,
        b044,
        b045,
        b046,
        b047,
        b050,
        b051,
        b052,
        b053,
        b054,
        b055,
        b056,
        b057;
    byte b060,
        b061,
        b062,
        b063,
        b064,
        b065,
        b066,
        b067,
        b070,
        b071,
        b072,
        b073,
        b074,
        b075,
        b076,
        b077;
    byte b100,
        b101,
        b102,
        b103,
        b104,
        b105,
        b106,
        b107,
        b110,
        b111,
        b112,
        b113,
        b114,
        b115,
        b116,
        b117;
    byte b120,
        b121,
        b122,
        b123,
        b124,
        b125,
        b126,
        b127,
        b130,
        b131,
        b132,
        b133,
        b134,
        b135,
        b136,
        b137;
    byte b140,
        b141,
        b142,
        b143,
        b144,
        b145,
        b146,
        b147,
        b150,
        b151,
        b152,
        b153,
        b154,
        b155,
        b156,
        b157;
    byte b160,
        b161,
        b162,
        b163,
        b164,
        b165,
        b166,
        b167,
        b170,
        b171,
        b172,
        b173,
        b174,
        b175,
        b176,
        b177;
  }

  /** The producers' field: every offer exchanges it. */
  abstract static class ProducerNodeField<E> extends Pad0 {
    private static final VarHandle PRODUCER_NODE;

    static {
      try {
        PRODUCER_NODE =
            MethodHandles.lookup()
                .findVarHandle(ProducerNodeField.class, "producerNode", MpscLinkedQueue.Node.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    @SuppressWarnings("unused") // through PRODUCER_NODE
    private volatile MpscLinkedQueue.Node<E> producerNode;

    @SuppressWarnings("unchecked")
    final MpscLinkedQueue.Node<E> lvProducerNode() {
      return (MpscLinkedQueue.Node<E>) PRODUCER_NODE.getAcquire(this);
    }

    /** Before the queue is published (its constructor): no ordering needed. */
    final void spProducerNode(MpscLinkedQueue.Node<E> node) {
      PRODUCER_NODE.set(this, node);
    }

    @SuppressWarnings("unchecked")
    final MpscLinkedQueue.Node<E> xchgProducerNode(MpscLinkedQueue.Node<E> node) {
      return (MpscLinkedQueue.Node<E>) PRODUCER_NODE.getAndSet(this, node);
    }
  }

  /** 128 bytes between the producers' field and the consumer's. */
  @SuppressWarnings("unused")
  abstract static class Pad1<E> extends ProducerNodeField<E> {
    byte b000,
        b001,
        b002,
        b003,
        b004,
        b005,
        b006,
        b007,
        b010,
        b011,
        b012,
        b013,
        b014,
        b015,
        b016,
        b017;
    byte b020,
        b021,
        b022,
        b023,
        b024,
        b025,
        b026,
        b027,
        b030,
        b031,
        b032,
        b033,
        b034,
        b035,
        b036,
        b037;
    byte b040,
        b041,
        b042,
        b043,
        b044,
        b045,
        b046,
        b047,
        b050,
        b051,
        b052,
        b053,
        b054,
        b055,
        b056,
        b057;
    byte b060,
        b061,
        b062,
        b063,
        b064,
        b065,
        b066,
        b067,
        b070,
        b071,
        b072,
        b073,
        b074,
        b075,
        b076,
        b077;
    byte b100,
        b101,
        b102,
        b103,
        b104,
        b105,
        b106,
        b107,
        b110,
        b111,
        b112,
        b113,
        b114,
        b115,
        b116,
        b117;
    byte b120,
        b121,
        b122,
        b123,
        b124,
        b125,
        b126,
        b127,
        b130,
        b131,
        b132,
        b133,
        b134,
        b135,
        b136,
        b137;
    byte b140,
        b141,
        b142,
        b143,
        b144,
        b145,
        b146,
        b147,
        b150,
        b151,
        b152,
        b153,
        b154,
        b155,
        b156,
        b157;
    byte b160,
        b161,
        b162,
        b163,
        b164,
        b165,
        b166,
        b167,
        b170,
        b171,
        b172,
        b173,
        b174,
        b175,
        b176,
        b177;
  }

  /** The consumer's field: only the single consumer reads or writes it, so plain accesses. */
  abstract static class ConsumerNodeField<E> extends Pad1<E> {
    private MpscLinkedQueue.Node<E> consumerNode;

    final MpscLinkedQueue.Node<E> lpConsumerNode() {
      return consumerNode;
    }

    final void spConsumerNode(MpscLinkedQueue.Node<E> node) {
      consumerNode = node;
    }
  }

  /** 128 bytes, so the object after this one in the heap is off the consumer's line. */
  @SuppressWarnings("unused")
  abstract static class Pad2<E> extends ConsumerNodeField<E> {
    byte b000,
        b001,
        b002,
        b003,
        b004,
        b005,
        b006,
        b007,
        b010,
        b011,
        b012,
        b013,
        b014,
        b015,
        b016,
        b017;
    byte b020,
        b021,
        b022,
        b023,
        b024,
        b025,
        b026,
        b027,
        b030,
        b031,
        b032,
        b033,
        b034,
        b035,
        b036,
        b037;
    byte b040,
        b041,
        b042,
        b043,
        b044,
        b045,
        b046,
        b047,
        b050,
        b051,
        b052,
        b053,
        b054,
        b055,
        b056,
        b057;
    byte b060,
        b061,
        b062,
        b063,
        b064,
        b065,
        b066,
        b067,
        b070,
        b071,
        b072,
        b073,
        b074,
        b075,
        b076,
        b077;
    byte b100,
        b101,
        b102,
        b103,
        b104,
        b105,
        b106,
        b107,
        b110,
        b111,
        b112,
        b113,
        b114,
        b115,
        b116,
        b117;
    byte b120,
        b121,
        b122,
        b123,
        b124,
        b125,
        b126,
        b127,
        b130,
        b131,
        b132,
        b133,
        b134,
        b135,
        b136,
        b137;
    byte b140,
        b141,
        b142,
        b143,
        b144,
        b145,
        b146,
        b147,
        b150,
        b151,
        b152,
        b153,
        b154,
        b155,
        b156,
        b157;
    byte b160,
        b161,
        b162,
        b163,
        b164,
        b165,
        b166,
        b167,
        b170,
        b171,
        b172,
        b173,
        b174,
        b175,
        b176,
        b177;
  }
}
