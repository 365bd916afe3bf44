package io.emostream.model.data;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;

/**
 * A clip of a frame-folder dataset before decoding: its frame files and labels. Small and
 * serializable, so a job can list clips on one machine and decode them in parallel elsewhere.
 */
public record ClipEntry(String id, List<String> frameFiles, float[] softLabel, int label)
    implements Serializable {

  public Clip load(int frames, int size) throws DatasetException {
    return new Clip(
        id,
        ClipFrames.fromFiles(frameFiles.stream().map(Path::of).toList(), frames, size),
        softLabel,
        label);
  }

  static ClipEntry of(String id, Path folder, float[] softLabel, int label)
      throws DatasetException {
    return new ClipEntry(
        id, ClipFrames.list(folder).stream().map(Path::toString).toList(), softLabel, label);
  }
}
