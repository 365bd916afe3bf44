package io.emostream.model.bundle;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How a square crop is resized to the model's input size (manifest {@code input.resize}). */
public enum Resize {
  TF_LEGACY_BILINEAR("tf-legacy-bilinear");

  private final String id;

  Resize(String id) {
    this.id = id;
  }

  /** The manifest's spelling. */
  @JsonValue
  public String id() {
    return id;
  }

  @JsonCreator
  public static Resize of(String id) {
    for (Resize v : values()) {
      if (v.id.equals(id)) {
        return v;
      }
    }
    throw new IllegalArgumentException(
        "input.resize must be 'tf-legacy-bilinear', got '" + id + "'");
  }
}
