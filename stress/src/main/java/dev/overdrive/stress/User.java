package dev.overdrive.stress;

/** What {@link Users}' bulk method answers; {@code batch} numbers the bulk call that did. */
public record User(long id, long batch) {}
