package io.emostream.model.data;

import ai.djl.util.Progress;
import java.util.ArrayList;
import java.util.List;

/** Decodes listed clips into a {@link ClipDataset}, reporting progress. */
final class ClipDatasets {
  private ClipDatasets() {}

  static ClipDataset load(
      String name, List<ClipEntry> entries, int frames, int size, Progress progress)
      throws DatasetException {
    if (progress != null) {
      progress.reset("Loading " + name, entries.size());
    }
    List<Clip> clips = new ArrayList<>(entries.size());
    for (ClipEntry e : entries) {
      clips.add(e.load(frames, size));
      if (progress != null) {
        progress.increment(1);
      }
    }
    if (progress != null) {
      progress.end();
    }
    return new ClipDataset(name, frames, size, clips);
  }
}
