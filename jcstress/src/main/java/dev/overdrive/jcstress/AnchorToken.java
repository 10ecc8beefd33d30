package dev.overdrive.jcstress;

/** The template of {@link Anchors}' hidden classes: an empty class in the same package. */
final class AnchorToken {
  private AnchorToken() {}
}
