package dev.overdrive.stress;

/** What {@link Catalog#find} loads. */
public record Product(long id, long price) {}
