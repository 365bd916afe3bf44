package io.emostream.jobs.training;

import io.emostream.model.data.ClipEntry;
import java.io.Serializable;

/**
 * One unit of decoding work of a training run: a clip of a frame-folder dataset, or a whole
 * LabelledClip Avro file (whose clips are split by a hash of their id).
 */
public final class TrainingInput implements Serializable {
  private static final long serialVersionUID = 1L;

  /** For dataset clips: whether the clip belongs to the held-out split. */
  public boolean heldOut;

  /** A dataset clip, or null. */
  public ClipEntry entry;

  /** A LabelledClip Avro file, or null. */
  public String avroFile;

  public TrainingInput() {}

  static TrainingInput clip(ClipEntry entry, boolean heldOut) {
    TrainingInput in = new TrainingInput();
    in.entry = entry;
    in.heldOut = heldOut;
    return in;
  }

  static TrainingInput avro(String file) {
    TrainingInput in = new TrainingInput();
    in.avroFile = file;
    return in;
  }

  @Override
  public String toString() {
    return entry != null ? entry.id() + (heldOut ? " (held out)" : "") : avroFile;
  }
}
