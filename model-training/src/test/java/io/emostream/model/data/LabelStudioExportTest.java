package io.emostream.model.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.schemas.event.Annotation;
import io.emostream.schemas.event.Expression;
import io.emostream.schemas.event.ExpressionDistribution;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LabelStudioExportTest {

  /** Label Studio's JSON export of a choices task, as it writes it. */
  static final String EXPORT =
      """
      [
        {"id": 1, "data": {"clip_id": "desk-1:t3:1796032868000", "video": "/data/upload/1/clip.mp4"},
         "annotations": [
           {"id": 11, "completed_by": 3, "was_cancelled": false,
            "created_at": "2026-11-30T10:00:01.123456Z", "updated_at": "2026-11-30T10:00:01.123456Z",
            "result": [{"from_name": "expression", "to_name": "video", "type": "choices",
                        "value": {"choices": ["Happy"]}}]},
           {"id": 12, "completed_by": {"id": 4, "email": "b@example.org"}, "was_cancelled": false,
            "created_at": "2026-11-30T10:00:02Z",
            "result": [{"from_name": "expression", "to_name": "video", "type": "choices",
                        "value": {"choices": ["Surprised", "Fearful"]}}]},
           {"id": 13, "completed_by": 5, "was_cancelled": true, "created_at": "2026-11-30T10:00:03Z",
            "result": []},
           {"id": 14, "completed_by": 6, "was_cancelled": false, "created_at": "2026-11-30T10:00:04Z",
            "result": [{"from_name": "expression", "to_name": "video", "type": "choices",
                        "value": {"choices": ["Unsure"]}}]}
         ]},
        {"id": 2, "data": {"clip_id": "bad clip id\\n"}, "annotations": [
           {"id": 21, "completed_by": 3, "created_at": "2026-11-30T10:01:00Z",
            "result": [{"type": "choices", "value": {"choices": ["Sad"]}}]}]}
      ]
      """;

  @Test
  void votesBecomeAnnotationsAndNothingIsGuessed() throws Exception {
    LabelStudioExport.Votes votes =
        LabelStudioExport.read(
            new ByteArrayInputStream(EXPORT.getBytes(StandardCharsets.UTF_8)), "clip_id");
    assertThat(votes.annotations()).hasSize(2);
    Annotation first = votes.annotations().get(0);
    assertThat(first.getClipId()).isEqualTo("desk-1:t3:1796032868000");
    assertThat(first.getAnnotatorId()).isEqualTo("labelstudio:3");
    assertThat(first.getVote()).isEqualTo(Expression.HAPPY);
    assertThat(first.getAnnotatedTime()).isEqualTo(Instant.parse("2026-11-30T10:00:01.123Z"));

    Annotation split = votes.annotations().get(1);
    assertThat(split.getAnnotatorId()).isEqualTo("labelstudio:4");
    ExpressionDistribution d = (ExpressionDistribution) split.getVote();
    assertThat(d.getSurprise()).isEqualTo(0.5f);
    assertThat(d.getFear()).isEqualTo(0.5f);

    assertThat(votes.skipped()).isEqualTo(3); // cancelled, unsure, the bad clip id's vote
    assertThat(votes.problems()).singleElement().asString().contains("task 2", "clip id");
  }
}
