package dev.overdrive.springboot;

/** What the catalog returns; {@code load} is which body run produced it. */
public record Product(long id, String name, int load) {}
