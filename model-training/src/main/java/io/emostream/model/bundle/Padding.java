package io.emostream.model.bundle;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How a face crop is made square before resizing (manifest {@code input.padding}). */
public enum Padding {
  CENTRED_ZEROS("centred-zeros"),
  NONE("none");

  private final String id;

  Padding(String id) {
    this.id = id;
  }

  /** The manifest's spelling. */
  @JsonValue
  public String id() {
    return id;
  }

  @JsonCreator
  public static Padding of(String id) {
    for (Padding v : values()) {
      if (v.id.equals(id)) {
        return v;
      }
    }
    throw new IllegalArgumentException(
        "input.padding must be 'centred-zeros' or 'none', got '" + id + "'");
  }
}
