package io.emostream.jobs.config;

import static org.apache.flink.configuration.ConfigOptions.key;

import io.emostream.jobs.fs.StoreRoots;
import io.emostream.model.eval.ReleaseGate;
import io.emostream.model.retrain.ModeSelection;
import io.emostream.model.retrain.RetrainingOptions;
import io.emostream.model.train.LabelMode;
import io.emostream.model.train.MixPairing;
import io.emostream.model.train.MixSpace;
import io.emostream.model.train.TrainingOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * Settings of training, evaluation and the retraining job ({@code training.*}, {@code retrain.*}).
 * Defaults of the trainer's hyper-parameters come from {@link TrainingOptions#defaults()}, so they
 * are declared once.
 */
public final class TrainingSettings {
  private static final TrainingOptions D = TrainingOptions.defaults();

  /** Dataset layouts the readers know. */
  public enum DataFormat {
    AUTO,
    DFEW,
    FERV39K,
    LABELLED_CLIPS
  }

  public static final ConfigOption<String> DATA =
      key("training.data")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Dataset directory (DFEW or FERV39k layout) or LabelledClip Avro file(s), local or in an object store a Flink file system reaches (s3://BUCKET/PREFIX: LabelledClip files only). See the README, 'Datasets'.");
  public static final ConfigOption<DataFormat> FORMAT =
      key("training.format")
          .enumType(DataFormat.class)
          .defaultValue(DataFormat.AUTO)
          .withDescription(
              "Layout of training.data; AUTO recognises DFEW (EmoLabel_DataSplit/), FERV39k (train.txt) and *.avro files.");
  public static final ConfigOption<Integer> FOLD =
      key("training.fold")
          .intType()
          .defaultValue(1)
          .withDescription("DFEW fold 1..5 (train on set_k train, hold out set_k test).");
  public static final ConfigOption<Double> HELD_OUT_FRACTION =
      key("training.held-out-fraction")
          .doubleType()
          .defaultValue(0.2)
          .withDescription(
              "LabelledClip data has no split: this share of clips (by a hash of the clip id, stable) is held out.");
  public static final ConfigOption<Integer> FRAMES =
      key("training.frames")
          .intType()
          .defaultValue(16)
          .withDescription("T, frames per clip (sampled uniformly from each clip).");
  public static final ConfigOption<Integer> SIZE =
      key("training.size")
          .intType()
          .defaultValue(112)
          .withDescription("Side of the square face frames fed to the encoder.");
  public static final ConfigOption<Integer> EPOCHS =
      key("training.epochs")
          .intType()
          .defaultValue(D.epochs())
          .withDescription("Passes over the training clips.");
  public static final ConfigOption<Integer> BATCH_SIZE =
      key("training.batch-size")
          .intType()
          .defaultValue(D.batchSize())
          .withDescription("Clips per step (split across devices).");
  public static final ConfigOption<Double> LEARNING_RATE =
      key("training.learning-rate")
          .doubleType()
          .defaultValue(D.learningRate())
          .withDescription("Peak AdamW learning rate (cosine decay after warm-up).");
  public static final ConfigOption<Double> WARMUP_START_FACTOR =
      key("training.warmup-start-factor")
          .doubleType()
          .defaultValue(D.warmupStartFactor())
          .withDescription("Learning rate at the start of the warm-up, as a fraction of the peak.");
  public static final ConfigOption<Double> FINAL_LEARNING_RATE_FACTOR =
      key("training.final-learning-rate-factor")
          .doubleType()
          .defaultValue(D.finalLearningRateFactor())
          .withDescription("Where the cosine decay ends, as a fraction of the peak learning rate.");
  public static final ConfigOption<Integer> EVALUATION_BATCH_SIZE =
      key("training.evaluation-batch-size")
          .intType()
          .defaultValue(D.evaluationBatchSize())
          .withDescription(
              "Held-out clips per forward pass when evaluating candidate and incumbent.");
  public static final ConfigOption<Double> WEIGHT_DECAY =
      key("training.weight-decay")
          .doubleType()
          .defaultValue(D.weightDecay())
          .withDescription("AdamW decoupled weight decay.");
  public static final ConfigOption<Double> WARMUP_EPOCHS =
      key("training.warmup-epochs")
          .doubleType()
          .defaultValue(D.warmupEpochs())
          .withDescription("Linear learning-rate warm-up, in epochs.");
  public static final ConfigOption<Double> CLIP_GRADIENT =
      key("training.clip-gradient")
          .doubleType()
          .defaultValue(D.clipGradient())
          .withDescription("Element-wise gradient clipping bound; 0 disables.");
  public static final ConfigOption<Integer> FREEZE_ENCODER_EPOCHS =
      key("training.freeze-encoder-epochs")
          .intType()
          .defaultValue(D.freezeEncoderEpochs())
          .withDescription("Epochs during which the pretrained per-frame encoder is frozen.");
  public static final ConfigOption<Integer> HIDDEN =
      key("training.hidden")
          .intType()
          .defaultValue(D.hidden())
          .withDescription("Width of the temporal head.");
  public static final ConfigOption<Double> DROPOUT =
      key("training.dropout")
          .doubleType()
          .defaultValue(D.dropout())
          .withDescription("Dropout before the classifier.");
  public static final ConfigOption<LabelMode> MODE =
      key("training.mode")
          .enumType(LabelMode.class)
          .defaultValue(D.mode())
          .withDescription(
              "SOFT (vote fractions), MIDAS (mixed clips, mixed soft labels), MIXUP (mixed one-hot), HARD (majority one-hot), or AUTO (the best of training.auto.candidates on a validation share of the training clips; docs/benchmarks.md).");
  public static final ConfigOption<List<LabelMode>> AUTO_CANDIDATES =
      key("training.auto.candidates")
          .enumType(LabelMode.class)
          .asList()
          .defaultValues(LabelMode.SOFT, LabelMode.MIDAS)
          .withDescription(
              "With training.mode AUTO: the label modes tried, separated by ; (ties go to the earlier one). Each trains once on the training clips minus training.auto.validation-share before the real run, which takes the best by validation UAR.");
  public static final ConfigOption<Double> AUTO_VALIDATION_SHARE =
      key("training.auto.validation-share")
          .doubleType()
          .defaultValue(0.2)
          .withDescription(
              "With training.mode AUTO: share of the training clips (every k-th of each class) that compares the candidates; never the gate's held-out clips.");
  public static final ConfigOption<Double> ALPHA =
      key("training.alpha")
          .doubleType()
          .defaultValue(D.alpha())
          .withDescription("λ ~ Beta(α, α) for mixing.");
  public static final ConfigOption<Double> MIX_PROBABILITY =
      key("training.mix-probability")
          .doubleType()
          .defaultValue(D.mixProbability())
          .withDescription("Probability that a pair is mixed.");
  public static final ConfigOption<MixSpace> MIX_SPACE =
      key("training.mix-space")
          .enumType(MixSpace.class)
          .defaultValue(D.mixSpace())
          .withDescription(
              "Where MIDAS/MIXUP blend two clips: PIXELS (the paper) or FEATURES (the pretrained encoder's per-frame features, before the temporal head; one device only).");
  public static final ConfigOption<MixPairing> MIX_PAIRING =
      key("training.mix-pairing")
          .enumType(MixPairing.class)
          .defaultValue(D.mixPairing())
          .withDescription(
              "Which clips of a batch may be mixed: ANY, or SAME_LABEL (only clips with the same single label).");
  public static final ConfigOption<Integer> MIX_FROM_EPOCH =
      key("training.mix-from-epoch")
          .intType()
          .defaultValue(D.mixFromEpoch())
          .withDescription(
              "First epoch that mixes; earlier epochs train unmixed (a mixing warm-up).");
  public static final ConfigOption<Integer> MAX_SHIFT =
      key("training.augment.max-shift")
          .intType()
          .defaultValue(D.maxShift())
          .withDescription("Random-crop shift in pixels (all modes).");
  public static final ConfigOption<Boolean> FLIP =
      key("training.augment.flip")
          .booleanType()
          .defaultValue(D.flip())
          .withDescription("Random horizontal flip (all modes).");
  public static final ConfigOption<Long> SEED =
      key("training.seed")
          .longType()
          .defaultValue(D.seed())
          .withDescription("Seed of initialisation, order, augmentation and mixing.");
  public static final ConfigOption<String> DEVICES =
      key("training.devices")
          .stringType()
          .defaultValue("cpu")
          .withDescription(
              "cpu, gpu:N, a list (gpu:0,gpu:1: each batch is split across them) or 'gpus' for every GPU present.");
  public static final ConfigOption<String> OUTPUT =
      key("training.output")
          .stringType()
          .defaultValue("var/training")
          .withDescription(
              "Where runs write their report, plots and candidate bundle (a folder per version).");
  public static final ConfigOption<String> CHECKPOINTS =
      key("training.checkpoints")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Checkpoint folder; a run finds its checkpoint there and resumes after the last finished epoch.");

  public static final ConfigOption<String> INCUMBENT =
      key("retrain.incumbent")
          .stringType()
          .noDefaultValue()
          .withDescription("Bundle the candidate must beat (default: the built-in model).");
  public static final ConfigOption<Double> MIN_UAR_GAIN =
      key("retrain.gate.min-uar-gain")
          .doubleType()
          .defaultValue(0.01)
          .withDescription(
              "Release only if held-out UAR beats the incumbent's by at least this much.");
  public static final ConfigOption<Double> MAX_WAR_DROP =
      key("retrain.gate.max-war-drop")
          .doubleType()
          .defaultValue(0.02)
          .withDescription("... and held-out WAR is at most this much below the incumbent's.");
  public static final ConfigOption<String> RELEASES_DIR =
      key("retrain.releases-dir")
          .stringType()
          .defaultValue("var/models")
          .withDescription(
              "Released bundles are copied here (a folder per version): a directory, or s3://BUCKET/PREFIX (any store a Flink file system plugin reaches; the bundle is written under training.output/releases first); on a cluster, storage every TaskManager and the scoring job can read.");
  public static final ConfigOption<String> RELEASE_SIGNING_KEY =
      key("retrain.release.signing-key")
          .stringType()
          .defaultValue("var/keys/release.key")
          .withDescription(
              "Ed25519 private key (PKCS#8 PEM) that signs every release; made on first use with its public half beside it (release.pub), which scoring jobs list in scoring.model.release-keys. Keep it where only the retraining job can read it.");
  public static final ConfigOption<String> VERSION_PREFIX =
      key("retrain.version-prefix")
          .stringType()
          .defaultValue("emostream-temporal")
          .withDescription("Versions are PREFIX-yyyyMMdd-HHmmss.");
  public static final ConfigOption<Boolean> PUBLISH =
      key("retrain.publish")
          .booleanType()
          .defaultValue(true)
          .withDescription(
              "Announce a released bundle as a ModelRelease on the model-releases topic.");

  public static final ConfigOption<String> BASE_DATA =
      key("retrain.base-data")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "A dataset trained on together with training.data (e.g. your DFEW copy under the collected clips); any layout training.data takes.");
  public static final ConfigOption<Integer> EVERY_CLIPS =
      key("retrain.every-clips")
          .intType()
          .defaultValue(500)
          .withDescription(
              "Continuous retraining (retrain --watch): retrain when this many labelled clips were added since the last run.");
  public static final ConfigOption<Duration> EVERY =
      key("retrain.every")
          .durationType()
          .noDefaultValue()
          .withDescription(
              "Continuous retraining: also retrain on this schedule (e.g. 1 d) when any clip was added.");
  public static final ConfigOption<Integer> MIN_CLIPS =
      key("retrain.min-clips")
          .intType()
          .defaultValue(50)
          .withDescription(
              "Continuous retraining: no run before the dataset holds this many clips.");
  public static final ConfigOption<Duration> POLL_INTERVAL =
      key("retrain.poll-interval")
          .durationType()
          .defaultValue(Duration.ofSeconds(10))
          .withDescription("Continuous retraining: how often the dataset is counted.");

  private TrainingSettings() {}

  public static List<ConfigOption<?>> all() {
    return List.of(
        DATA,
        FORMAT,
        FOLD,
        HELD_OUT_FRACTION,
        FRAMES,
        SIZE,
        EPOCHS,
        BATCH_SIZE,
        LEARNING_RATE,
        WARMUP_START_FACTOR,
        FINAL_LEARNING_RATE_FACTOR,
        EVALUATION_BATCH_SIZE,
        WEIGHT_DECAY,
        WARMUP_EPOCHS,
        CLIP_GRADIENT,
        FREEZE_ENCODER_EPOCHS,
        HIDDEN,
        DROPOUT,
        MODE,
        AUTO_CANDIDATES,
        AUTO_VALIDATION_SHARE,
        ALPHA,
        MIX_PROBABILITY,
        MIX_SPACE,
        MIX_PAIRING,
        MIX_FROM_EPOCH,
        MAX_SHIFT,
        FLIP,
        SEED,
        DEVICES,
        OUTPUT,
        CHECKPOINTS,
        INCUMBENT,
        MIN_UAR_GAIN,
        MAX_WAR_DROP,
        RELEASES_DIR,
        RELEASE_SIGNING_KEY,
        VERSION_PREFIX,
        PUBLISH,
        BASE_DATA,
        EVERY_CLIPS,
        EVERY,
        MIN_CLIPS,
        POLL_INTERVAL);
  }

  /**
   * Where training writes released bundles: {@code retrain.releases-dir}, or, where that is a store
   * (s3://…) they are copied to after, {@code training.output}/releases.
   */
  public static Path localReleasesDir(Configuration conf) {
    return StoreRoots.isFlinkFileSystem(conf.get(RELEASES_DIR))
        ? Path.of(conf.get(OUTPUT)).resolve("releases")
        : Path.of(conf.get(RELEASES_DIR));
  }

  /** Everything a retraining run takes from the configuration besides its clips. */
  public static RetrainingOptions retrainingOptions(Configuration conf) {
    return new RetrainingOptions(
        trainingOptions(conf),
        conf.get(DEVICES),
        Path.of(conf.get(OUTPUT)),
        conf.getOptional(CHECKPOINTS).map(Path::of).orElse(null),
        conf.getOptional(INCUMBENT).map(Path::of).orElse(null),
        new ReleaseGate(conf.get(MIN_UAR_GAIN), conf.get(MAX_WAR_DROP)),
        localReleasesDir(conf),
        conf.get(VERSION_PREFIX),
        new ModeSelection(conf.get(AUTO_CANDIDATES), conf.get(AUTO_VALIDATION_SHARE)));
  }

  public static TrainingOptions trainingOptions(Configuration conf) {
    return TrainingOptions.builder()
        .epochs(conf.get(EPOCHS))
        .batchSize(conf.get(BATCH_SIZE))
        .learningRate(conf.get(LEARNING_RATE))
        .warmupStartFactor(conf.get(WARMUP_START_FACTOR))
        .finalLearningRateFactor(conf.get(FINAL_LEARNING_RATE_FACTOR))
        .weightDecay(conf.get(WEIGHT_DECAY))
        .warmupEpochs(conf.get(WARMUP_EPOCHS))
        .clipGradient(conf.get(CLIP_GRADIENT))
        .freezeEncoderEpochs(conf.get(FREEZE_ENCODER_EPOCHS))
        .hidden(conf.get(HIDDEN))
        .dropout(conf.get(DROPOUT))
        .mode(conf.get(MODE))
        .alpha(conf.get(ALPHA))
        .mixProbability(conf.get(MIX_PROBABILITY))
        .mixSpace(conf.get(MIX_SPACE))
        .mixPairing(conf.get(MIX_PAIRING))
        .mixFromEpoch(conf.get(MIX_FROM_EPOCH))
        .maxShift(conf.get(MAX_SHIFT))
        .flip(conf.get(FLIP))
        .seed(conf.get(SEED))
        .evaluationBatchSize(conf.get(EVALUATION_BATCH_SIZE))
        .build();
  }
}
