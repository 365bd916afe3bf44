package io.emostream.model.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emostream.schemas.event.Annotation;
import io.emostream.schemas.event.Distributions;
import io.emostream.schemas.event.Expression;
import io.emostream.schemas.event.Identifiers;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Votes from Label Studio's JSON export of a choices task ("Export → JSON"): a list of tasks, each
 * with its {@code data} (where the clip id is, under a configurable key) and its {@code
 * annotations}, each with {@code completed_by}, {@code created_at} and a {@code result} of type
 * {@code choices}. Every completed annotation becomes one {@link Annotation}: one choice is a vote
 * for that class, several choices an equal split between them. Cancelled annotations and choices
 * that name no expression ("unsure", "skip") are skipped and counted, never guessed.
 */
public final class LabelStudioExport {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What an export held. */
  public record Votes(List<Annotation> annotations, int skipped, List<String> problems) {}

  private LabelStudioExport() {}

  /**
   * @param clipKey the key of a task's {@code data} that holds the EmoStream clip id
   */
  public static Votes read(InputStream export, String clipKey) throws IOException {
    JsonNode tasks = JSON.readTree(export);
    if (tasks == null || !tasks.isArray()) {
      throw new IOException("not a Label Studio JSON export: expected a list of tasks");
    }
    List<Annotation> out = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    int skipped = 0;
    for (JsonNode task : tasks) {
      String clip = task.path("data").path(clipKey).asText(null);
      if (!Identifiers.isValid(clip)) {
        problems.add(
            "task "
                + task.path("id").asText("?")
                + ": "
                + Identifiers.problem("clip id (data." + clipKey + ")", clip));
        skipped += task.path("annotations").size();
        continue;
      }
      for (JsonNode a : task.path("annotations")) {
        if (a.path("was_cancelled").asBoolean(false)) {
          skipped++;
          continue;
        }
        float[] votes = new float[Expression.values().length];
        int chosen = 0;
        for (JsonNode r : a.path("result")) {
          if (!"choices".equals(r.path("type").asText())) {
            continue;
          }
          for (JsonNode choice : r.path("value").path("choices")) {
            int c = ExpressionClasses.byName(choice.asText());
            if (c >= 0) {
              votes[c]++;
              chosen++;
            }
          }
        }
        if (chosen == 0) {
          skipped++; // unsure, skipped or no expression chosen
          continue;
        }
        Object vote;
        if (chosen == 1) {
          vote = Expression.values()[ExpressionClasses.argmax(votes)];
        } else {
          for (int i = 0; i < votes.length; i++) {
            votes[i] /= chosen;
          }
          vote = Distributions.of(votes);
        }
        out.add(
            Annotation.newBuilder()
                .setClipId(clip)
                .setAnnotatorId("labelstudio:" + annotator(a.path("completed_by")))
                .setAnnotatedTime(time(a))
                .setVote(vote)
                .build());
      }
    }
    return new Votes(out, skipped, problems);
  }

  /** {@code completed_by} is a user id, or (in some exports) the user object. */
  private static String annotator(JsonNode by) {
    String id = by.isObject() ? by.path("id").asText("unknown") : by.asText("unknown");
    return Identifiers.isValid("x" + id) ? id : "unknown";
  }

  private static Instant time(JsonNode a) {
    String t = a.path("created_at").asText(a.path("updated_at").asText(""));
    try {
      return Instant.parse(t).truncatedTo(ChronoUnit.MILLIS); // the contract's precision
    } catch (DateTimeParseException e) {
      return Instant.EPOCH;
    }
  }
}
