package io.emostream.jobs.training;

import ai.djl.util.Progress;
import io.emostream.jobs.config.TrainingSettings;
import io.emostream.jobs.config.TrainingSettings.DataFormat;
import io.emostream.model.data.Clip;
import io.emostream.model.data.ClipDataset;
import io.emostream.model.data.ClipSplit;
import io.emostream.model.data.DatasetException;
import io.emostream.model.data.DfewDataset;
import io.emostream.model.data.Ferv39kDataset;
import io.emostream.model.data.LabelledClipFiles;
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
    Path data = data(conf);
    DataFormat format = conf.get(TrainingSettings.FORMAT);
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
    Path data = data(conf);
    List<TrainingInput> out = new ArrayList<>();
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
    for (Clip c : LabelledClipFiles.read(Path.of(in.avroFile), frames, size, null).clips()) {
      out.accept(new SplitClip(heldOut(c.id(), fraction), c));
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
      progress.reset("Loading " + data(conf).getFileName(), inputs.size());
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
