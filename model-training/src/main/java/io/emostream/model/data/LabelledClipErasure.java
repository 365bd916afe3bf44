package io.emostream.model.data;

import io.emostream.schemas.event.ClipProvenance;
import io.emostream.schemas.event.LabelledClip;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Removes people's clips from a labelled-clip dataset (the soft-label job's day folders of Avro
 * files): every clip of a camera or of a session, or whole days past the retention. A file that
 * holds such clips is rewritten without them (written beside it, then moved over it), or deleted
 * when nothing remains. Files a running job has not committed yet (hidden, named {@code .*}) are
 * not touched; they are counted, so the caller can run it again after they are committed.
 */
public final class LabelledClipErasure {
  private LabelledClipErasure() {}

  /** What an erasure did. */
  public record Result(
      int clipsRemoved, int filesRewritten, int filesDeleted, int uncommittedFiles) {
    @Override
    public String toString() {
      return clipsRemoved
          + " labelled clips removed ("
          + filesRewritten
          + " files rewritten, "
          + filesDeleted
          + " deleted)"
          + (uncommittedFiles == 0
              ? ""
              : "; "
                  + uncommittedFiles
                  + " in-progress files of a running soft-label job were not inspected: run again after its next checkpoint");
    }
  }

  /** Clips of this camera. */
  public static Predicate<LabelledClip> camera(String cameraId) {
    return c -> cameraId.equals(c.getClip().getProvenance().getCameraId());
  }

  /** Clips of this session. */
  public static Predicate<LabelledClip> session(String sessionId) {
    return c -> {
      ClipProvenance p = c.getClip().getProvenance();
      return p.getSessionId() != null && sessionId.equals(p.getSessionId());
    };
  }

  /**
   * Removes the clips {@code doomed} accepts from every committed file under {@code dataset}.
   *
   * @param dryRun count only
   */
  public static Result erase(Path dataset, Predicate<LabelledClip> doomed, boolean dryRun)
      throws IOException {
    int removed = 0;
    int rewritten = 0;
    int deleted = 0;
    for (Path file : avroFiles(dataset)) {
      List<LabelledClip> kept = new ArrayList<>();
      int gone = 0;
      try (DataFileReader<LabelledClip> reader =
          new DataFileReader<>(file.toFile(), new SpecificDatumReader<>(LabelledClip.class))) {
        for (LabelledClip c : reader) {
          if (doomed.test(c)) {
            gone++;
          } else {
            kept.add(c);
          }
        }
      }
      if (gone == 0) {
        continue;
      }
      removed += gone;
      if (dryRun) {
        continue;
      }
      if (kept.isEmpty()) {
        Files.delete(file);
        deleted++;
      } else {
        Path next = file.resolveSibling("." + file.getFileName() + ".erasing");
        try (DataFileWriter<LabelledClip> writer =
            new DataFileWriter<>(new SpecificDatumWriter<>(LabelledClip.class))) {
          writer.create(LabelledClip.getClassSchema(), next.toFile());
          for (LabelledClip c : kept) {
            writer.append(c);
          }
        }
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        rewritten++;
      }
    }
    return new Result(removed, rewritten, deleted, uncommitted(dataset));
  }

  /**
   * Deletes the day folders ({@code yyyy-MM-dd}, UTC) older than {@code keepDays} before {@code
   * today}; returns the folders deleted.
   */
  public static List<Path> expire(Path dataset, LocalDate today, int keepDays) throws IOException {
    List<Path> gone = new ArrayList<>();
    if (!Files.isDirectory(dataset)) {
      return gone;
    }
    LocalDate oldestKept = today.minusDays(keepDays);
    try (Stream<Path> days = Files.list(dataset)) {
      for (Path day : days.filter(Files::isDirectory).toList()) {
        LocalDate date;
        try {
          date = LocalDate.parse(day.getFileName().toString());
        } catch (DateTimeParseException e) {
          continue; // not one of the job's day folders
        }
        if (date.isBefore(oldestKept)) {
          deleteTree(day);
          gone.add(day);
        }
      }
    }
    return gone;
  }

  /** Today in the time zone the soft-label job names its day folders in. */
  public static LocalDate today() {
    return LocalDate.now(ZoneOffset.UTC);
  }

  private static List<Path> avroFiles(Path dataset) throws IOException {
    if (!Files.exists(dataset)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dataset)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .filter(p -> p.toString().endsWith(".avro"))
          .sorted()
          .toList();
    }
  }

  private static int uncommitted(Path dataset) throws IOException {
    if (!Files.exists(dataset)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dataset)) {
      return (int)
          files
              .filter(Files::isRegularFile)
              .filter(p -> p.getFileName().toString().startsWith("."))
              .filter(p -> p.getFileName().toString().contains("inprogress"))
              .count();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
