package io.emostream.model.train;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import ai.djl.training.optimizer.AdamW;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.Batchifier;
import ai.djl.util.Progress;
import io.emostream.model.DjlEngine;
import io.emostream.model.bundle.BundleException;
import io.emostream.model.bundle.BundleManifest;
import io.emostream.model.bundle.ClipModels;
import io.emostream.model.bundle.InputSpec;
import io.emostream.model.bundle.ModelBundle;
import io.emostream.model.bundle.OutputKind;
import io.emostream.model.bundle.Padding;
import io.emostream.model.bundle.Resize;
import io.emostream.model.bundle.TemporalClipModel;
import io.emostream.model.data.Clip;
import io.emostream.model.data.ClipDataset;
import io.emostream.model.data.ExpressionClasses;
import io.emostream.model.eval.Evaluation;
import io.emostream.model.faceapi.FaceApiModels;
import io.emostream.model.faceapi.FaceApiWeights;
import io.emostream.model.image.MeanNormalization;
import io.emostream.model.nn.RowMix;
import io.emostream.model.nn.TemporalClipNet;
import io.emostream.model.tfjs.TfjsWeightsException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Trains a {@link TemporalClipNet} on soft-labelled clips with DJL on the PyTorch engine:
 * cross-entropy against (possibly mixed) soft targets, AdamW with a cosine schedule after linear
 * warm-up, element-wise gradient clipping, an encoder frozen for the first epochs, checkpoints
 * after every epoch with resume, and one or several devices (a batch is split across them).
 *
 * <pre>{@code
 * try (ClipTrainer trainer = new ClipTrainer(options, 16, 112, DjlEngine.devices("cpu"))) {
 *   TrainingRun run = trainer.fit(train, validation, checkpoints, progress, stats -> {});
 *   trainer.writeBundle(dir, "v8", run.evaluation().summary(), "v7");
 * }
 * }</pre>
 */
public final class ClipTrainer implements AutoCloseable {
  // Multipliers (primes) that give shuffling, augmentation and mixing independent streams from the
  // one
  // training.seed; changing them changes every seeded run, so they are constants, not options.
  private static final long SHUFFLE_STREAM = 7919;
  private static final long AUGMENT_STREAM = 104_729;
  private static final long MIX_STREAM = 1_299_709;

  private final TrainingOptions options;
  private final int frames;
  private final int size;
  private final Device[] devices;
  private final TemporalClipNet net;
  private final Model model;
  private Trainer trainer;

  /** Timings and history of a finished {@link #fit}. */
  public record TrainingRun(
      List<EpochStats> history,
      Evaluation evaluation,
      long steps,
      double stepSeconds,
      double mixSeconds) {
    /**
     * Share of step time spent mixing clips and targets (MIDAS/mixup), the augmentation's own cost.
     */
    public double mixShare() {
      return stepSeconds > 0 ? mixSeconds / stepSeconds : 0;
    }
  }

  public ClipTrainer(TrainingOptions options, int frames, int size, Device[] devices) {
    this.options = options;
    this.frames = frames;
    this.size = size;
    this.devices = devices.clone();
    if (options.mode() == LabelMode.AUTO) {
      throw new IllegalArgumentException(
          "training.mode AUTO is resolved by ModeSelection before a trainer is made");
    }
    if (options.mixSpace() == MixSpace.FEATURES && options.mode().mixes() && devices.length > 1) {
      // the partner indices address rows of the whole batch, which a split across devices breaks
      throw new IllegalArgumentException("feature-space mixing trains on one device only");
    }
    DjlEngine.pytorch().setRandomSeed((int) options.seed());
    net = new TemporalClipNet(options.hidden(), (float) options.dropout());
    model = Model.newInstance(ClipModels.TEMPORAL_CLIP, devices[0], DjlEngine.NAME);
    model.setBlock(net);
  }

  /**
   * Trains on {@code train}; after every epoch evaluates on {@code validation} (may be null) and
   * writes a checkpoint to {@code checkpoints} (may be null). An existing checkpoint there made
   * with the same options is resumed from the epoch after it (optimizer moments start afresh).
   */
  public TrainingRun fit(
      ClipDataset train,
      ClipDataset validation,
      Path checkpoints,
      Progress progress,
      Consumer<EpochStats> onEpoch)
      throws IOException, TfjsWeightsException, BundleException {
    requireShape(train);
    if (validation != null) {
      requireShape(validation);
    }
    int stepsPerEpoch = (train.size() + options.batchSize() - 1) / options.batchSize();
    long totalSteps = (long) stepsPerEpoch * options.epochs();
    Checkpoint resume = checkpoints == null ? null : Checkpoint.read(checkpoints, options);
    int firstEpoch = resume == null ? 1 : resume.epoch() + 1;
    int warmup = (int) Math.round(options.warmupEpochs() * stepsPerEpoch);
    Tracker cosine =
        Tracker.cosine()
            .setBaseValue((float) options.learningRate())
            .optFinalValue((float) (options.learningRate() * options.finalLearningRateFactor()))
            .setMaxUpdates((int) Math.max(1, totalSteps - warmup))
            .build();
    Tracker schedule =
        warmup == 0
            ? cosine
            : Tracker.warmUp()
                .setMainTracker(cosine)
                .optWarmUpSteps(warmup)
                .optWarmUpBeginValue((float) (options.learningRate() * options.warmupStartFactor()))
                .build();
    Optimizer.OptimizerBuilder<?> adamW =
        Optimizer.adamW()
            .optLearningRateTracker(schedule)
            .optWeightDecays((float) options.weightDecay())
            .optBeginNumUpdate((firstEpoch - 1) * stepsPerEpoch);
    if (options.clipGradient() > 0) {
      adamW.optClipGrad((float) options.clipGradient());
    }
    DefaultTrainingConfig config =
        new DefaultTrainingConfig(
                new SoftmaxCrossEntropyLoss("soft_cross_entropy", 1f, -1, false, true))
            .optOptimizer(((AdamW.Builder) adamW).build())
            .optDevices(devices);
    trainer = model.newTrainer(config);
    trainer.initialize(new Shape(options.batchSize(), frames, size, size, 3));
    FaceApiWeights.loadExtractor(
        net.encoder(), ModelBundle.builtIn().tfjsWeights(FaceApiModels.EXPRESSION_MANIFEST));
    List<EpochStats> history = new ArrayList<>();
    if (resume != null) {
      loadParameters(resume.parameters());
      history.addAll(resume.history());
    }
    long steps = 0;
    double stepSeconds = 0;
    double mixSeconds = 0;
    for (int epoch = firstEpoch; epoch <= options.epochs(); epoch++) {
      boolean frozen = epoch <= options.freezeEncoderEpochs();
      net.encoder().freezeParameters(frozen);
      List<Integer> order =
          shuffled(train.size(), new SplittableRandom(streamSeed(SHUFFLE_STREAM, epoch)));
      SplittableRandom augment = new SplittableRandom(streamSeed(AUGMENT_STREAM, epoch));
      UniformRandomProvider mixing =
          RandomSource.SPLIT_MIX_64.create(streamSeed(MIX_STREAM, epoch));
      if (progress != null) {
        progress.reset(
            String.format(
                Locale.ROOT,
                "Epoch %d/%d%s",
                epoch,
                options.epochs(),
                frozen ? " (encoder frozen)" : ""),
            train.size());
      }
      double lossSum = 0;
      long epochStart = System.nanoTime();
      int seen = 0;
      for (int at = 0; at < order.size(); at += options.batchSize()) {
        List<Clip> clips = new ArrayList<>();
        for (int i = at; i < Math.min(order.size(), at + options.batchSize()); i++) {
          clips.add(train.clips().get(order.get(i)));
        }
        long start = System.nanoTime();
        StepResult r =
            step(
                clips,
                augment,
                options.mode().mixes() && epoch >= options.mixFromEpoch() ? mixing : null,
                at / options.batchSize(),
                stepsPerEpoch);
        stepSeconds += (System.nanoTime() - start) / 1e9;
        mixSeconds += r.mixSeconds;
        steps++;
        lossSum += r.loss * clips.size();
        seen += clips.size();
        if (progress != null) {
          double rate = seen / ((System.nanoTime() - epochStart) / 1e9);
          progress.update(
              seen, String.format(Locale.ROOT, "loss %.4f · %.1f clips/s", lossSum / seen, rate));
        }
      }
      if (progress != null) {
        progress.end();
      }
      double seconds = (System.nanoTime() - epochStart) / 1e9;
      Evaluation v = validation == null ? null : evaluate(validation);
      float lr = schedule.getNewValue(epoch * stepsPerEpoch);
      EpochStats stats =
          new EpochStats(
              epoch,
              lossSum / seen,
              seen / seconds,
              lr,
              frozen,
              v == null ? Double.NaN : v.war(),
              v == null ? Double.NaN : v.uar(),
              v == null ? Double.NaN : v.meanKl());
      history.add(stats);
      onEpoch.accept(stats);
      if (checkpoints != null) {
        Checkpoint.write(checkpoints, new Checkpoint(epoch, options, history, parameters()));
      }
    }
    Evaluation last = validation == null ? null : evaluate(validation);
    return new TrainingRun(List.copyOf(history), last, steps, stepSeconds, mixSeconds);
  }

  private record StepResult(double loss, double mixSeconds) {}

  private StepResult step(
      List<Clip> clips,
      SplittableRandom augment,
      UniformRandomProvider mixing,
      int index,
      int stepsPerEpoch) {
    try (NDManager step = trainer.getManager().newSubManager()) {
      NDArray x =
          step.create(
              ClipBatches.inputs(clips, size, options.augmentation(), augment),
              new Shape(clips.size(), frames, size, size, 3));
      NDArray y =
          step.create(
              ClipBatches.targets(clips, options.mode()),
              new Shape(clips.size(), ExpressionClasses.COUNT));
      double mixSeconds = 0;
      NDList data = new NDList(x);
      if (mixing != null) {
        long start = System.nanoTime();
        MixPlan plan = plan(clips, mixing);
        if (options.mixSpace() == MixSpace.PIXELS) {
          NDList mixed = Midas.mix(x, y, plan);
          data = new NDList(mixed.get(0));
          y = mixed.get(1);
        } else {
          // the network mixes its per-frame features with the same plan (TemporalClipNet)
          NDArray partners = Midas.partners(step, plan);
          NDArray lambda = step.create(plan.lambda());
          y = RowMix.mix(y, partners, lambda);
          data = new NDList(x, partners, lambda);
        }
        mixSeconds = (System.nanoTime() - start) / 1e9;
      }
      Batch batch =
          new Batch(
              step,
              data,
              new NDList(y),
              clips.size(),
              Batchifier.STACK,
              Batchifier.STACK,
              index,
              stepsPerEpoch);
      double loss = 0;
      try (GradientCollector collector = trainer.newGradientCollector()) {
        for (Batch part : devices.length == 1 ? new Batch[] {batch} : batch.split(devices, false)) {
          NDList predictions = trainer.forward(part.getData(), part.getLabels());
          NDArray l = trainer.getLoss().evaluate(part.getLabels(), predictions);
          collector.backward(l);
          loss += l.getFloat() * part.getSize() / clips.size();
        }
      }
      trainer.step();
      if (!Double.isFinite(loss)) {
        throw new IllegalStateException(
            "training diverged: loss is "
                + loss
                + " at step "
                + index
                + "; lower the learning rate");
      }
      return new StepResult(loss, mixSeconds);
    }
  }

  private MixPlan plan(List<Clip> clips, UniformRandomProvider mixing) {
    if (options.mixPairing() == MixPairing.ANY) {
      return MixPlan.draw(clips.size(), options.alpha(), options.mixProbability(), mixing);
    }
    int[] labels = clips.stream().mapToInt(Clip::label).toArray();
    return MixPlan.drawWithin(labels, options.alpha(), options.mixProbability(), mixing);
  }

  /** Probabilities for every clip of {@code data}, in order, with the current parameters. */
  public List<float[]> predict(ClipDataset data) {
    List<float[]> out = new ArrayList<>(data.size());
    int batch = Math.max(1, options.batchSize());
    NDManager parent = trainer != null ? trainer.getManager() : model.getNDManager();
    for (int at = 0; at < data.size(); at += batch) {
      List<Clip> clips = data.clips().subList(at, Math.min(data.size(), at + batch));
      try (NDManager step = parent.newSubManager()) {
        NDArray x =
            step.create(
                ClipBatches.inputs(clips, size, SpatialAugmentation.NONE, null),
                new Shape(clips.size(), frames, size, size, 3));
        NDArray p =
            net.forward(new ParameterStore(step, false), new NDList(x), false)
                .singletonOrThrow()
                .softmax(1);
        float[] flat = p.toFloatArray();
        for (int i = 0; i < clips.size(); i++) {
          float[] row = new float[ExpressionClasses.COUNT];
          System.arraycopy(flat, i * row.length, row, 0, row.length);
          out.add(row);
        }
      }
    }
    return out;
  }

  public Evaluation evaluate(ClipDataset data) {
    return Evaluation.of(data.clips(), predict(data));
  }

  /** Writes the current parameters as a model bundle the scoring job can load and hot-swap to. */
  public ModelBundle writeBundle(
      Path directory, String version, Map<String, Double> metrics, String parentVersion)
      throws IOException, BundleException {
    List<Double> mean = new ArrayList<>();
    for (float m : MeanNormalization.EXPRESSION_MEAN) {
      mean.add((double) m);
    }
    InputSpec input =
        new InputSpec(
            frames,
            size,
            mean,
            ClipBatches.SCALE,
            Padding.CENTRED_ZEROS,
            Resize.TF_LEGACY_BILINEAR);
    BundleManifest manifest =
        new BundleManifest(
            BundleManifest.FORMAT,
            ClipModels.TEMPORAL_CLIP,
            version,
            input,
            OutputKind.LOGITS,
            BundleManifest.CLASSES,
            List.of(),
            metrics,
            parentVersion,
            Instant.now().toString(),
            Map.of(TemporalClipModel.HIDDEN, options.hidden()));
    return ModelBundle.create(directory, manifest, Map.of(TemporalClipModel.FILE, parameters()));
  }

  private byte[] parameters() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      net.saveParameters(out);
    }
    return bytes.toByteArray();
  }

  private void loadParameters(byte[] bytes) throws IOException {
    try {
      net.loadParameters(
          trainer.getManager(), new DataInputStream(new ByteArrayInputStream(bytes)));
    } catch (MalformedModelException e) {
      throw new IOException("checkpoint parameters do not fit this model: " + e.getMessage(), e);
    }
  }

  private void requireShape(ClipDataset data) {
    if (data.frames() != frames
        || data.size() > 0 && data.clips().get(0).frames()[0].length != size * size * 3) {
      throw new IllegalArgumentException(
          data.name()
              + " has "
              + data.frames()
              + " frames per clip; the model takes "
              + frames
              + " at "
              + size
              + "x"
              + size);
    }
  }

  private static List<Integer> shuffled(int n, SplittableRandom random) {
    List<Integer> order = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    for (int i = n - 1; i > 0; i--) {
      Collections.swap(order, i, random.nextInt(i + 1));
    }
    return order;
  }

  private long streamSeed(long stream, int epoch) {
    return options.seed() * stream + epoch;
  }

  @Override
  public void close() {
    if (trainer != null) {
      trainer.close();
    }
    model.close();
  }
}
