package io.emostream.model.data;

import ai.djl.util.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a dataset in DFEW's layout (see the README, "Datasets"):
 *
 * <pre>
 * root/
 *   Clip/clip_224x224/&lt;clip&gt;/*.jpg               frames of a clip, in name order
 *   EmoLabel_DataSplit/train(single-labeled)/set_&lt;k&gt;.csv   "video_name,label", label = DFEW id 1..7
 *   EmoLabel_DataSplit/test(single-labeled)/set_&lt;k&gt;.csv
 *   Annotation/annotation.csv                       optional: "video_name,1,2,3,4,5,6,7" votes per DFEW id
 * </pre>
 *
 * Without the annotation file, soft labels are one-hot. A clip name that is a number also matches
 * its 5-digit zero-padded folder (DFEW's "00001").
 */
public final class DfewDataset {
  public static final String FRAMES = "Clip/clip_224x224";
  public static final String ANNOTATION = "Annotation/annotation.csv";

  public enum Split {
    TRAIN("train(single-labeled)"),
    TEST("test(single-labeled)");

    private final String folder;

    Split(String folder) {
      this.folder = folder;
    }

    public String folder() {
      return folder;
    }
  }

  private DfewDataset() {}

  public static Path splitFile(Path root, int fold, Split split) {
    return root.resolve("EmoLabel_DataSplit")
        .resolve(split.folder())
        .resolve("set_" + fold + ".csv");
  }

  /**
   * Clips of one fold's split, each sampled to {@code frames} frames at {@code size}; progress may
   * be null.
   */
  public static ClipDataset read(
      Path root, int fold, Split split, int frames, int size, Progress progress)
      throws DatasetException {
    return ClipDatasets.load(
        "dfew-fold" + fold + "-" + split.name().toLowerCase(Locale.ROOT),
        entries(root, fold, split),
        frames,
        size,
        progress);
  }

  /** The clips of one fold's split, listed and checked but not decoded. */
  public static List<ClipEntry> entries(Path root, int fold, Split split) throws DatasetException {
    if (fold < 1 || fold > 5) {
      throw new DatasetException("DFEW folds are 1..5, got " + fold);
    }
    Path splitFile = splitFile(root, fold, split);
    if (!Files.isRegularFile(splitFile)) {
      throw new DatasetException(
          splitFile + ": split file is missing (is " + root + " a DFEW-layout dataset?)");
    }
    CsvLines list = CsvLines.csv(splitFile, true);
    Map<String, float[]> votes = readVotes(root.resolve(ANNOTATION));
    List<ClipEntry> entries = new ArrayList<>(list.rows().size());
    for (CsvLines.Row row : list.rows()) {
      String name = list.cell(row, 0, "video_name");
      int id = list.integer(row, 1, "label");
      int label = ExpressionClasses.fromDfew(id);
      if (label < 0) {
        throw DatasetException.at(
            splitFile, row.line(), "label must be a DFEW class id 1..7, got " + id);
      }
      float[] soft = votes.isEmpty() ? ExpressionClasses.oneHot(label) : votes.get(name);
      if (soft == null) {
        throw DatasetException.at(
            splitFile, row.line(), "clip '" + name + "' has no row in " + root.resolve(ANNOTATION));
      }
      entries.add(ClipEntry.of(name, clipFolder(root.resolve(FRAMES), name), soft, label));
    }
    return entries;
  }

  private static Path clipFolder(Path frames, String name) {
    Path direct = frames.resolve(name);
    if (!Files.isDirectory(direct) && name.matches("\\d{1,5}")) {
      return frames.resolve(String.format("%05d", Integer.parseInt(name)));
    }
    return direct;
  }

  /** video_name → vote fractions in EmoStream's order; empty when the file does not exist. */
  private static Map<String, float[]> readVotes(Path file) throws DatasetException {
    if (!Files.exists(file)) {
      return Map.of();
    }
    CsvLines csv = CsvLines.csv(file, true);
    if (csv.header().size() < 8) {
      throw DatasetException.at(
          file,
          1,
          "header must be video_name followed by the 7 DFEW class ids 1..7, got " + csv.header());
    }
    int[] column = new int[8]; // DFEW id → column
    for (int c = 1; c < csv.header().size(); c++) {
      String h = csv.header().get(c);
      if (!h.matches("[1-7]")) {
        throw DatasetException.at(
            file, 1, "column " + (c + 1) + " must be a DFEW class id 1..7, got '" + h + "'");
      }
      column[Integer.parseInt(h)] = c;
    }
    Map<String, float[]> out = new HashMap<>();
    for (CsvLines.Row row : csv.rows()) {
      double[] counts = new double[ExpressionClasses.COUNT];
      for (int id = 1; id <= 7; id++) {
        counts[ExpressionClasses.fromDfew(id)] =
            csv.number(row, column[id], "votes for class " + id);
      }
      try {
        out.put(csv.cell(row, 0, "video_name"), ExpressionClasses.normalise(counts));
      } catch (IllegalArgumentException e) {
        throw DatasetException.at(file, row.line(), e.getMessage());
      }
    }
    return out;
  }
}
