package io.emostream.model.bundle;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a clip model returns per class (manifest {@code output}). */
public enum OutputKind {
  LOGITS("logits"),
  PROBABILITIES("probabilities");

  private final String id;

  OutputKind(String id) {
    this.id = id;
  }

  /** The manifest's spelling. */
  @JsonValue
  public String id() {
    return id;
  }

  @JsonCreator
  public static OutputKind of(String id) {
    for (OutputKind v : values()) {
      if (v.id.equals(id)) {
        return v;
      }
    }
    throw new IllegalArgumentException(
        "output must be 'logits' or 'probabilities', got '" + id + "'");
  }
}
