package io.emostream.model.data;

import ai.djl.util.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a dataset in FERV39k's layout, with FERV39k-Plus soft labels when present (see the README,
 * "Datasets"):
 *
 * <pre>
 * root/
 *   Frames/&lt;clip path&gt;/*.jpg         frames of a clip (clip path may have several levels: scenario/scene/clip)
 *   train.txt, test.txt              "&lt;clip path&gt; &lt;label&gt;" per line (space or comma), label = FERV39k id 0..6
 *                                    (0 Angry, 1 Disgust, 2 Fear, 3 Happy, 4 Neutral, 5 Sad, 6 Surprise)
 *   soft_labels.csv                  optional (FERV39k-Plus): "clip,&lt;class&gt;,..." header naming the 7 classes,
 *                                    then votes or fractions per clip
 * </pre>
 */
public final class Ferv39kDataset {
  public static final String FRAMES = "Frames";
  public static final String SOFT_LABELS = "soft_labels.csv";

  public enum Split {
    TRAIN,
    TEST;

    public String file() {
      return name().toLowerCase(Locale.ROOT) + ".txt";
    }
  }

  private Ferv39kDataset() {}

  public static ClipDataset read(Path root, Split split, int frames, int size, Progress progress)
      throws DatasetException {
    return ClipDatasets.load(
        "ferv39k-" + split.name().toLowerCase(Locale.ROOT),
        entries(root, split),
        frames,
        size,
        progress);
  }

  /** The clips of a split, listed and checked but not decoded. */
  public static List<ClipEntry> entries(Path root, Split split) throws DatasetException {
    Path listFile = root.resolve(split.file());
    if (!Files.isRegularFile(listFile)) {
      throw new DatasetException(
          listFile + ": split list is missing (is " + root + " a FERV39k-layout dataset?)");
    }
    CsvLines list = CsvLines.read(listFile, false, "[,\\s]+");
    Map<String, float[]> soft = readSoftLabels(root.resolve(SOFT_LABELS));
    List<ClipEntry> entries = new ArrayList<>();
    for (CsvLines.Row row : list.rows()) {
      String path = list.cell(row, 0, "clip path");
      int id = list.integer(row, 1, "label");
      int label = ExpressionClasses.fromFerv39k(id);
      if (label < 0) {
        throw DatasetException.at(
            listFile, row.line(), "label must be a FERV39k class id 0..6, got " + id);
      }
      if (path.contains("..")) {
        throw DatasetException.at(
            listFile, row.line(), "clip path must stay inside the dataset, got '" + path + "'");
      }
      float[] target = soft.isEmpty() ? ExpressionClasses.oneHot(label) : soft.get(path);
      if (target == null) {
        throw DatasetException.at(
            listFile, row.line(), "clip '" + path + "' has no row in " + root.resolve(SOFT_LABELS));
      }
      entries.add(ClipEntry.of(path, root.resolve(FRAMES).resolve(path), target, label));
    }
    return entries;
  }

  private static Map<String, float[]> readSoftLabels(Path file) throws DatasetException {
    if (!Files.exists(file)) {
      return Map.of();
    }
    CsvLines csv = CsvLines.csv(file, true);
    int[] column = new int[ExpressionClasses.COUNT];
    Arrays.fill(column, -1);
    for (int c = 1; c < csv.header().size(); c++) {
      int index = ExpressionClasses.byName(csv.header().get(c));
      if (index < 0) {
        throw DatasetException.at(
            file,
            1,
            "column "
                + (c + 1)
                + " '"
                + csv.header().get(c)
                + "' is not one of "
                + ExpressionClasses.NAMES);
      }
      column[index] = c;
    }
    for (int i = 0; i < column.length; i++) {
      if (column[i] < 0) {
        throw DatasetException.at(
            file, 1, "header has no column for '" + ExpressionClasses.NAMES.get(i) + "'");
      }
    }
    Map<String, float[]> out = new HashMap<>();
    for (CsvLines.Row row : csv.rows()) {
      double[] values = new double[ExpressionClasses.COUNT];
      for (int i = 0; i < values.length; i++) {
        values[i] = csv.number(row, column[i], ExpressionClasses.NAMES.get(i));
      }
      try {
        out.put(csv.cell(row, 0, "clip"), ExpressionClasses.normalise(values));
      } catch (IllegalArgumentException e) {
        throw DatasetException.at(file, row.line(), e.getMessage());
      }
    }
    return out;
  }
}
