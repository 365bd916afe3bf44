package io.emostream.model.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.schemas.event.ClipProvenance;
import io.emostream.schemas.event.ClipSample;
import io.emostream.schemas.event.ConsentScope;
import io.emostream.schemas.event.Distributions;
import io.emostream.schemas.event.LabelSource;
import io.emostream.schemas.event.LabelledClip;
import io.emostream.schemas.event.StreamConsent;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Erasing a subject's clips and expired days from a dataset laid out as the soft-label job does.
 */
class LabelledClipErasureTest {
  @TempDir Path dataset;

  private static LabelledClip clip(String id, String camera, String session) {
    ClipSample s =
        ClipSample.newBuilder()
            .setClipId(id)
            .setProvenance(
                ClipProvenance.newBuilder()
                    .setCameraId(camera)
                    .setSessionId(session)
                    .setTrackId(camera + "/t1")
                    .setWindowStart(Instant.EPOCH)
                    .setWindowEnd(Instant.EPOCH.plusSeconds(1))
                    .setConsent(new StreamConsent(ConsentScope.ANALYTICS_AND_TRAINING, "test"))
                    .setSamplingReason("calibration")
                    .build())
            .setCropSize(8)
            .setFrames(List.of(ByteBuffer.wrap(new byte[] {1})))
            .setModelScores(Distributions.of(new float[] {1, 0, 0, 0, 0, 0, 0}))
            .setModelVersion("v1")
            .build();
    return new LabelledClip(
        s, Distributions.of(new float[] {1, 0, 0, 0, 0, 0, 0}), LabelSource.ANNOTATORS, 3, 1.0);
  }

  private List<String> ids() throws Exception {
    List<String> out = new ArrayList<>();
    for (Path f : LabelledClipFiles.list(dataset)) {
      try (var r =
          new DataFileReader<>(f.toFile(), new SpecificDatumReader<>(LabelledClip.class))) {
        r.forEach(c -> out.add(c.getClip().getClipId()));
      }
    }
    return out;
  }

  @Test
  void removesACamerasAndASessionsClipsAndSaysWhat() throws Exception {
    LabelledClipFiles.write(
        dataset.resolve("2026-11-29/labelled-a-0.avro"),
        List.of(clip("1", "kiosk-1", "call-1"), clip("2", "desk-2", "call-2")));
    LabelledClipFiles.write(
        dataset.resolve("2026-11-30/labelled-a-1.avro"), List.of(clip("3", "kiosk-1", "call-3")));
    Files.writeString(dataset.resolve("2026-11-30/.labelled-b-0.avro.inprogress.x"), "open");

    var dry = LabelledClipErasure.erase(dataset, LabelledClipErasure.camera("kiosk-1"), true);
    assertThat(dry.clipsRemoved()).isEqualTo(2);
    assertThat(ids()).containsExactly("1", "2", "3");

    var done = LabelledClipErasure.erase(dataset, LabelledClipErasure.camera("kiosk-1"), false);
    assertThat(done)
        .isEqualTo(new LabelledClipErasure.Result(2, 1, 1, 1)); // 1 in-progress file reported
    assertThat(ids()).containsExactly("2");
    assertThat(dataset.resolve("2026-11-30/labelled-a-1.avro")).doesNotExist();

    assertThat(
            LabelledClipErasure.erase(dataset, LabelledClipErasure.session("call-2"), false)
                .clipsRemoved())
        .isEqualTo(1);
    assertThat(LabelledClipFiles.count(dataset)).isZero();
  }

  @Test
  void expiresWholeDaysPastTheRetention() throws Exception {
    LabelledClipFiles.write(dataset.resolve("2025-11-01/a.avro"), List.of(clip("old", "c", null)));
    LabelledClipFiles.write(dataset.resolve("2026-11-01/a.avro"), List.of(clip("new", "c", null)));
    Files.createDirectories(dataset.resolve("not-a-day"));

    List<Path> gone = LabelledClipErasure.expire(dataset, LocalDate.parse("2026-11-30"), 365);

    assertThat(gone).containsExactly(dataset.resolve("2025-11-01"));
    assertThat(ids()).containsExactly("new");
    assertThat(dataset.resolve("not-a-day")).exists();
  }
}
