package io.emostream.cli;

import io.emostream.model.data.ClipEntry;
import io.emostream.model.data.DatasetException;
import io.emostream.model.data.DfewDataset;
import io.emostream.model.data.ExpressionClasses;
import io.emostream.model.data.Ferv39kDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code emostream datasets check DIR}: a user's dataset layout, checked before a long run. */
@Command(
    name = "datasets",
    mixinStandardHelpOptions = true,
    description = {
      "Checks a DFEW or FERV39k(-Plus) layout without decoding a frame: every split file parses,"
          + " every clip's frame folder exists and holds frames, every clip has soft labels when"
          + " the dataset ships them; prints clips per fold/split and class. Stops at the first"
          + " problem, naming the file and line."
    },
    footer = {"", "Example:  bin/emostream datasets check /data/DFEW"})
final class DatasetsCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "ACTION", description = "check (the only action)")
  String action;

  @Parameters(index = "1", paramLabel = "DIR", description = "The dataset's root folder.")
  Path root;

  @Override
  public Integer call() throws Exception {
    if (!action.equals("check")) {
      throw new IllegalArgumentException("unknown action '" + action + "'; the action is: check");
    }
    Map<String, List<ClipEntry>> splits = new LinkedHashMap<>();
    String layout;
    try {
      if (Files.isDirectory(root.resolve("EmoLabel_DataSplit"))) {
        layout = "DFEW";
        for (int fold = 1; fold <= 5; fold++) {
          for (DfewDataset.Split split : DfewDataset.Split.values()) {
            if (Files.isRegularFile(DfewDataset.splitFile(root, fold, split))) {
              splits.put(
                  "fold " + fold + " " + split.name().toLowerCase(Locale.ROOT),
                  DfewDataset.entries(root, fold, split));
            }
          }
        }
        layout +=
            Files.exists(root.resolve(DfewDataset.ANNOTATION))
                ? " with votes"
                : ", hard labels only";
      } else if (Files.isRegularFile(root.resolve(Ferv39kDataset.Split.TRAIN.file()))
          || Files.isRegularFile(root.resolve(Ferv39kDataset.Split.TEST.file()))) {
        layout = "FERV39k";
        for (Ferv39kDataset.Split split : Ferv39kDataset.Split.values()) {
          if (Files.isRegularFile(root.resolve(split.file()))) {
            splits.put(split.name().toLowerCase(Locale.ROOT), Ferv39kDataset.entries(root, split));
          }
        }
        layout +=
            Files.exists(root.resolve(Ferv39kDataset.SOFT_LABELS))
                ? "-Plus (soft labels)"
                : ", hard labels only";
      } else {
        throw new DatasetException(
            root
                + ": neither a DFEW layout (EmoLabel_DataSplit/) nor a FERV39k layout (train.txt,"
                + " test.txt)");
      }
    } catch (DatasetException e) {
      System.err.println("problem: " + e.getMessage());
      return 1;
    }
    if (splits.isEmpty()) {
      System.err.println("problem: " + root + " has no split files");
      return 1;
    }
    System.out.println(root + ": " + layout);
    System.out.printf(Locale.ROOT, "%-18s %7s", "split", "clips");
    ExpressionClasses.NAMES.forEach(n -> System.out.printf(Locale.ROOT, " %8s", n));
    System.out.println();
    for (Map.Entry<String, List<ClipEntry>> e : splits.entrySet()) {
      int[] perClass = new int[ExpressionClasses.COUNT];
      e.getValue().forEach(c -> perClass[c.label()]++);
      System.out.printf(Locale.ROOT, "%-18s %7d", e.getKey(), e.getValue().size());
      for (int count : perClass) {
        System.out.printf(Locale.ROOT, " %8d", count);
      }
      System.out.println();
    }
    return 0;
  }
}
