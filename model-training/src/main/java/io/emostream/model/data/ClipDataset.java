package io.emostream.model.data;

import java.util.List;

/** Clips of one split, all with {@code frames} frames of {@code size × size}. */
public record ClipDataset(String name, int frames, int size, List<Clip> clips) {

  public ClipDataset {
    clips = List.copyOf(clips);
    for (Clip c : clips) {
      if (c.frames().length != frames || c.frames()[0].length != size * size * 3) {
        throw new IllegalArgumentException(c.id() + " does not have " + frames + " frames of " + size + "x" + size);
      }
    }
  }

  public int size() {
    return clips.size();
  }

  /** Clips per class by single label. */
  public int[] classCounts() {
    int[] counts = new int[ExpressionClasses.COUNT];
    clips.forEach(c -> counts[c.label()]++);
    return counts;
  }
}
