package io.emostream.model.data;

import java.util.List;

/** Clips of one split, all with {@code frames} frames of {@code frameSize × frameSize}. */
public record ClipDataset(String name, int frames, int frameSize, List<Clip> clips) {

  public ClipDataset {
    clips = List.copyOf(clips);
    for (Clip c : clips) {
      if (c.frames().length != frames || c.frames()[0].length != frameSize * frameSize * 3) {
        throw new IllegalArgumentException(
            c.id() + " does not have " + frames + " frames of " + frameSize + "x" + frameSize);
      }
    }
  }

  /** Number of clips. */
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
