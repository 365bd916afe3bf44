package io.emostream.demo;

import io.emostream.jobs.config.FlinkDefaults;
import io.emostream.jobs.config.LabelOptions;
import io.emostream.jobs.config.SamplingOptions;
import io.emostream.jobs.config.ScoringOptions;
import io.emostream.jobs.config.TrainingSettings;
import io.emostream.model.bundle.ReleaseSigning;
import io.emostream.schemas.event.ConsentScope;
import io.emostream.schemas.event.StreamConsent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.configuration.Configuration;

/**
 * The demo's collection loop ({@code demo --loop}): its cameras and the settings that make the loop
 * turn within minutes on one machine. Every setting is only a default: a config file, the
 * environment or {@code -D} override it.
 */
final class DemoLoop {
  /** Shares the scoring job's clip length, so each scored clip shows one synthetic clip. */
  static final int CLIP_FRAMES = 8;

  static final String CONSENTING_CAMERA = "kiosk-1";
  static final String ANALYTICS_ONLY_CAMERA = "desk-2";

  private DemoLoop() {}

  /** Defaults for the loop, and the release key pair the scoring job trusts. */
  static void configure(Configuration conf, Path dataDir) throws IOException {
    Path models = dataDir.resolve("models");
    Path key = dataDir.resolve("keys/release.key");
    ReleaseSigning.loadOrCreate(key); // the scoring job must know the key before the first release
    set(conf, ScoringOptions.MODEL_RELEASES_ROOT.key(), models.toString());
    set(conf, ScoringOptions.MODEL_RELEASE_KEYS.key(), ReleaseSigning.publicKeyOf(key).toString());
    set(conf, TrainingSettings.RELEASES_DIR.key(), models.toString());
    set(conf, TrainingSettings.RELEASE_SIGNING_KEY.key(), key.toString());
    set(conf, TrainingSettings.OUTPUT.key(), dataDir.resolve("training").toString());
    set(conf, LabelOptions.DATASET_DIR.key(), dataDir.resolve("labelled-clips").toString());
    set(conf, ScoringOptions.CLIP_FRAMES.key(), String.valueOf(CLIP_FRAMES));
    set(conf, ScoringOptions.CLIP_STRIDE.key(), String.valueOf(CLIP_FRAMES));
    // Every clip of the consenting camera is sampled, so the dataset fills in a minute.
    set(conf, SamplingOptions.AMBIGUITY_THRESHOLD.key(), "0");
    set(conf, SamplingOptions.MAX_PER_CAMERA.key(), "10000");
    set(conf, SamplingOptions.MAX_PER_SESSION.key(), "10000");
    // A small, fast retraining that releases from about 80 clips (docs/benchmarks.md, bench loop).
    set(conf, TrainingSettings.FRAMES.key(), String.valueOf(CLIP_FRAMES));
    set(conf, TrainingSettings.SIZE.key(), "48");
    set(conf, TrainingSettings.EPOCHS.key(), "16");
    set(conf, TrainingSettings.HELD_OUT_FRACTION.key(), "0.25");
    set(conf, TrainingSettings.EVERY_CLIPS.key(), "80");
    set(conf, TrainingSettings.MIN_CLIPS.key(), "80");
    set(conf, TrainingSettings.POLL_INTERVAL.key(), "5s");
  }

  /**
   * Two synthetic-face cameras: one whose consent covers training, one for analytics only (it is
   * scored, never sampled).
   */
  static List<CameraSource> cameras(MixtureLedger ledger) {
    return List.of(
        new SyntheticCamera(
            CONSENTING_CAMERA,
            new StreamConsent(ConsentScope.ANALYTICS_AND_TRAINING, "emostream-demo-loop"),
            1,
            CLIP_FRAMES,
            96,
            0.5,
            ledger),
        new SyntheticCamera(
            ANALYTICS_ONLY_CAMERA,
            new StreamConsent(ConsentScope.ANALYTICS, "emostream-demo-loop"),
            2,
            CLIP_FRAMES,
            96,
            0.5,
            ledger));
  }

  private static void set(Configuration conf, String key, String value) {
    FlinkDefaults.setIfAbsent(conf, key, value);
  }
}
