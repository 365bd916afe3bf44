package io.emostream.model.data;

import ai.djl.util.Progress;
import io.emostream.schemas.event.Distributions;
import io.emostream.schemas.event.LabelledClip;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * The project's own training data: Avro data files ({@code *.avro}) of {@link LabelledClip}
 * records, as the collection side writes them from annotated clip samples. The schema travels in
 * each file.
 */
public final class LabelledClipFiles {
  private LabelledClipFiles() {}

  /** Every {@code *.avro} file under {@code path} (or the file itself), in name order. */
  public static List<Path> list(Path path) throws DatasetException {
    if (Files.isRegularFile(path)) {
      return List.of(path);
    }
    if (!Files.isDirectory(path)) {
      throw new DatasetException(path + ": no such LabelledClip file or directory");
    }
    try (Stream<Path> files = Files.walk(path)) {
      List<Path> out = files.filter(p -> p.toString().endsWith(".avro")).sorted().toList();
      if (out.isEmpty()) {
        throw new DatasetException(path + ": no *.avro LabelledClip files");
      }
      return out;
    } catch (IOException e) {
      throw new DatasetException(path + ": cannot list (" + e.getMessage() + ")", e);
    }
  }

  /**
   * Clips in the Avro files under {@code path}, counted from the files' block headers (no record is
   * decoded); 0 when there is no file yet.
   */
  public static long count(Path path) throws DatasetException {
    if (!Files.exists(path)) {
      return 0;
    }
    long n = 0;
    try (Stream<Path> files = Files.walk(path)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".avro")).toList()) {
        try (DataFileReader<LabelledClip> reader =
            new DataFileReader<>(file.toFile(), new SpecificDatumReader<>(LabelledClip.class))) {
          while (reader.hasNext()) {
            reader.nextBlock();
            n += reader.getBlockCount();
          }
        }
      }
    } catch (IOException e) {
      throw new DatasetException(
          path + ": cannot count LabelledClip files (" + e.getMessage() + ")", e);
    }
    return n;
  }

  public static ClipDataset read(Path path, int frames, int size, Progress progress)
      throws DatasetException {
    List<Clip> clips = new ArrayList<>();
    List<Path> files = list(path);
    if (progress != null) {
      progress.reset("Loading LabelledClip files", files.size());
    }
    for (Path file : files) {
      try (DataFileReader<LabelledClip> reader =
          new DataFileReader<>(file.toFile(), new SpecificDatumReader<>(LabelledClip.class))) {
        long record = 0;
        while (reader.hasNext()) {
          LabelledClip c = reader.next();
          record++;
          clips.add(toClip(c, frames, size, file + " record " + record));
        }
      } catch (IOException | RuntimeException e) {
        throw new DatasetException(
            file + ": not a LabelledClip Avro file (" + e.getMessage() + ")", e);
      }
      if (progress != null) {
        progress.increment(1);
      }
    }
    if (progress != null) {
      progress.end();
    }
    return new ClipDataset("labelled-clips", frames, size, clips);
  }

  static Clip toClip(LabelledClip c, int frames, int size, String where) throws DatasetException {
    List<byte[]> images = new ArrayList<>();
    for (ByteBuffer b : c.getClip().getFrames()) {
      byte[] bytes = new byte[b.remaining()];
      b.duplicate().get(bytes);
      images.add(bytes);
    }
    float[] soft = Distributions.toArray(c.getSoftLabel());
    double[] counts = new double[soft.length];
    for (int i = 0; i < soft.length; i++) {
      counts[i] = soft[i];
    }
    try {
      soft = ExpressionClasses.normalise(counts);
    } catch (IllegalArgumentException e) {
      throw new DatasetException(where + ": soft_label " + e.getMessage());
    }
    String id = c.getClip().getClipId();
    return new Clip(
        id,
        ClipFrames.fromEncoded(images, frames, size, where + " (" + id + ")"),
        soft,
        ExpressionClasses.argmax(soft));
  }

  /** Writes clips as one Avro data file (used by tests and by tools that export datasets). */
  public static void write(Path file, List<LabelledClip> clips) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (DataFileWriter<LabelledClip> writer =
        new DataFileWriter<>(new SpecificDatumWriter<>(LabelledClip.class))) {
      writer.create(LabelledClip.getClassSchema(), file.toFile());
      for (LabelledClip c : clips) {
        writer.append(c);
      }
    }
  }
}
