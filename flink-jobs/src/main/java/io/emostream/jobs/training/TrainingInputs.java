package io.emostream.jobs.training;

import ai.djl.util.Progress;
import io.emostream.jobs.config.TrainingSettings;
import io.emostream.jobs.config.TrainingSettings.DataFormat;
import io.emostream.jobs.fs.FileSystemCopies;
import io.emostream.jobs.fs.StoreRoots;
import io.emostream.model.data.Clip;
import io.emostream.model.data.ClipDataset;
import io.emostream.model.data.ClipSplit;
import io.emostream.model.data.DatasetException;
import io.emostream.model.data.DfewDataset;
import io.emostream.model.data.Ferv39kDataset;
import io.emostream.model.data.LabelledClipFiles;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.configuration.Configuration;

/**
 * Lists and decodes the training and held-out clips that {@code training.*} settings name: DFEW (a
 * fold's train and test files), FERV39k (train.txt and test.txt) or LabelledClip Avro files (held
 * out by a stable hash of the clip id).
 */
public final class TrainingInputs {
  private TrainingInputs() {}

  public static DataFormat format(Configuration conf) throws DatasetException {
    DataFormat format = conf.get(TrainingSettings.FORMAT);
    if (inStore(conf)) {
      if (format != DataFormat.AUTO && format != DataFormat.LABELLED_CLIPS) {
        throw new DatasetException(
            format
                + " is read from a directory; an object store (training.data="
                + conf.get(TrainingSettings.DATA)
                + ") serves LabelledClip Avro files");
      }
      return DataFormat.LABELLED_CLIPS;
    }
    Path data = data(conf);
    if (format != DataFormat.AUTO) {
      return format;
    }
    if (Files.isDirectory(data.resolve("EmoLabel_DataSplit"))) {
      return DataFormat.DFEW;
    }
    if (Files.isRegularFile(data.resolve(Ferv39kDataset.Split.TRAIN.file()))) {
      return DataFormat.FERV39K;
    }
    if (data.toString().endsWith(".avro") || Files.isDirectory(data)) {
      return DataFormat.LABELLED_CLIPS;
    }
    throw new DatasetException(
        data + ": not a DFEW or FERV39k layout, nor LabelledClip files; set training.format");
  }

  /** Whether training.data names a store a Flink file system reaches (s3://…). */
  private static boolean inStore(Configuration conf) {
    return conf.getOptional(TrainingSettings.DATA)
        .filter(StoreRoots::isFlinkFileSystem)
        .isPresent();
  }

  private static Path data(Configuration conf) throws DatasetException {
    String d =
        conf.getOptional(TrainingSettings.DATA)
            .orElseThrow(
                () ->
                    new DatasetException(
                        "no training data: set training.data (--data DIR); 'emostream synth' makes a benchmark dataset"));
    Path p = Path.of(d);
    if (!Files.exists(p)) {
      throw new DatasetException(p + ": training data not found");
    }
    return p;
  }

  /**
   * Units of decoding work, for a job to spread across its TaskManagers: {@code training.data}'s,
   * then {@code retrain.base-data}'s if set.
   */
  public static List<TrainingInput> list(Configuration conf) throws DatasetException {
    List<TrainingInput> out = listOne(conf);
    var base = conf.getOptional(TrainingSettings.BASE_DATA);
    if (base.isPresent()) {
      Configuration baseConf = new Configuration(conf);
      baseConf.set(TrainingSettings.DATA, base.get());
      baseConf.set(TrainingSettings.FORMAT, TrainingSettings.DataFormat.AUTO);
      out.addAll(listOne(baseConf));
    }
    return out;
  }

  private static List<TrainingInput> listOne(Configuration conf) throws DatasetException {
    List<TrainingInput> out = new ArrayList<>();
    if (inStore(conf)) {
      URI data = URI.create(conf.get(TrainingSettings.DATA));
      List<URI> files;
      try {
        files = FileSystemCopies.list(data, ".avro");
      } catch (IOException e) {
        throw new DatasetException(data + ": " + e.getMessage(), e);
      }
      if (files.isEmpty()) {
        throw new DatasetException(data + ": no *.avro LabelledClip files");
      }
      files.forEach(f -> out.add(TrainingInput.avro(f.toString())));
      return out;
    }
    Path data = data(conf);
    switch (format(conf)) {
      case DFEW -> {
        int fold = conf.get(TrainingSettings.FOLD);
        DfewDataset.entries(data, fold, DfewDataset.Split.TRAIN)
            .forEach(e -> out.add(TrainingInput.clip(e, false)));
        DfewDataset.entries(data, fold, DfewDataset.Split.TEST)
            .forEach(e -> out.add(TrainingInput.clip(e, true)));
      }
      case FERV39K -> {
        Ferv39kDataset.entries(data, Ferv39kDataset.Split.TRAIN)
            .forEach(e -> out.add(TrainingInput.clip(e, false)));
        Ferv39kDataset.entries(data, Ferv39kDataset.Split.TEST)
            .forEach(e -> out.add(TrainingInput.clip(e, true)));
      }
      case LABELLED_CLIPS, AUTO ->
          LabelledClipFiles.list(data).forEach(f -> out.add(TrainingInput.avro(f.toString())));
    }
    return out;
  }

  /** Decodes one unit into clips at the configured T and size. */
  public static void decode(TrainingInput in, Configuration conf, Consumer<SplitClip> out)
      throws DatasetException {
    int frames = conf.get(TrainingSettings.FRAMES);
    int size = conf.get(TrainingSettings.SIZE);
    if (in.entry != null) {
      out.accept(new SplitClip(in.heldOut, in.entry.load(frames, size)));
      return;
    }
    double fraction = conf.get(TrainingSettings.HELD_OUT_FRACTION);
    for (Clip c : readAvro(in.avroFile, frames, size)) {
      out.accept(new SplitClip(heldOut(c.id(), fraction), c));
    }
  }

  /** A LabelledClip file's clips; one in a store is copied to a temporary file first. */
  private static List<Clip> readAvro(String file, int frames, int size) throws DatasetException {
    if (!StoreRoots.isFlinkFileSystem(file)) {
      return LabelledClipFiles.read(Path.of(file), frames, size, null).clips();
    }
    Path local = null;
    try {
      local = Files.createTempFile("emostream-labelled-", ".avro");
      FileSystemCopies.downloadFile(URI.create(file), local);
      return LabelledClipFiles.read(local, frames, size, null).clips();
    } catch (IOException e) {
      throw new DatasetException(file + ": " + e.getMessage(), e);
    } finally {
      if (local != null) {
        try {
          Files.deleteIfExists(local);
        } catch (IOException e) {
          // a temporary file
        }
      }
    }
  }

  /**
   * Stable across runs and machines: FNV-1a of the id, not String.hashCode's JVM-defined spread.
   */
  static boolean heldOut(String id, double fraction) {
    long h = 0xcbf29ce484222325L;
    for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    return Long.remainderUnsigned(h, 10_000) < fraction * 10_000;
  }

  /**
   * Training and held-out datasets, decoded in this process (the {@code train} and {@code evaluate}
   * commands).
   */
  public static ClipSplit load(Configuration conf, Progress progress) throws DatasetException {
    List<TrainingInput> inputs = list(conf);
    List<Clip> train = new ArrayList<>();
    List<Clip> heldOut = new ArrayList<>();
    if (progress != null) {
      String data = conf.get(TrainingSettings.DATA).replaceAll("/+$", "");
      progress.reset("Loading " + data.substring(data.lastIndexOf('/') + 1), inputs.size());
    }
    for (TrainingInput in : inputs) {
      decode(in, conf, c -> (c.heldOut ? heldOut : train).add(c.clip));
      if (progress != null) {
        progress.increment(1);
      }
    }
    if (progress != null) {
      progress.end();
    }
    return split(conf, train, heldOut);
  }

  public static ClipSplit split(Configuration conf, List<Clip> train, List<Clip> heldOut)
      throws DatasetException {
    if (heldOut.isEmpty()) {
      throw new DatasetException(
          "no held-out clips: a model is never released without an evaluation on clips it did not train on");
    }
    if (train.isEmpty()) {
      throw new DatasetException("no training clips");
    }
    int frames = conf.get(TrainingSettings.FRAMES);
    int size = conf.get(TrainingSettings.SIZE);
    return new ClipSplit(
        new ClipDataset("train", frames, size, train),
        new ClipDataset("held-out", frames, size, heldOut));
  }
}
