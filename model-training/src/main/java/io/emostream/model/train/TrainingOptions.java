package io.emostream.model.train;

/**
 * Everything that decides a training run. Defaults follow common practice for fine-tuning a
 * pretrained encoder with mixup-style augmentation (AdamW, cosine schedule with warm-up). Build
 * with {@link #builder()} (or {@link #toBuilder()} to vary one run); {@code build()} checks every
 * value.
 *
 * <pre>{@code
 * TrainingOptions options = TrainingOptions.builder().epochs(6).mode(LabelMode.SOFT).seed(3).build();
 * }</pre>
 *
 * @param epochs passes over the training clips
 * @param batchSize clips per step (split across devices when there are several)
 * @param learningRate peak learning rate after warm-up
 * @param warmupStartFactor the learning rate at the start of the warm-up, as a fraction of the peak
 * @param finalLearningRateFactor where the cosine decay ends, as a fraction of the peak
 * @param weightDecay AdamW's decoupled weight decay
 * @param warmupEpochs linear warm-up length (fraction of an epoch allowed)
 * @param clipGradient element-wise gradient clipping bound (DJL's clipGrad); ≤ 0 disables
 * @param freezeEncoderEpochs epochs during which the pretrained encoder stays frozen (only the head
 *     learns)
 * @param hidden width of the temporal head
 * @param dropout dropout before the classifier
 * @param mode label mode: hard, soft, mixup or MIDAS
 * @param alpha Beta(α, α) of λ for mixing modes
 * @param mixProbability probability that a pair is mixed
 * @param mixSpace where mixing modes blend: pixels (MIDAS) or the encoder's per-frame features
 * @param mixPairing which clips may be mixed: any two, or only two with the same label
 * @param mixFromEpoch the first epoch that mixes (earlier ones train unmixed: a mixing warm-up)
 * @param maxShift random-crop shift in pixels
 * @param flip random horizontal flip
 * @param seed seeds initialisation, shuffling, augmentation and mixing (each its own stream derived
 *     from it)
 * @param evaluationBatchSize clips per forward pass when evaluating held-out clips
 */
public record TrainingOptions(
    int epochs,
    int batchSize,
    double learningRate,
    double warmupStartFactor,
    double finalLearningRateFactor,
    double weightDecay,
    double warmupEpochs,
    double clipGradient,
    int freezeEncoderEpochs,
    int hidden,
    double dropout,
    LabelMode mode,
    double alpha,
    double mixProbability,
    MixSpace mixSpace,
    MixPairing mixPairing,
    int mixFromEpoch,
    int maxShift,
    boolean flip,
    long seed,
    int evaluationBatchSize) {

  public static TrainingOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these options, to change some of them. */
  public Builder toBuilder() {
    return new Builder()
        .epochs(epochs)
        .batchSize(batchSize)
        .learningRate(learningRate)
        .warmupStartFactor(warmupStartFactor)
        .finalLearningRateFactor(finalLearningRateFactor)
        .weightDecay(weightDecay)
        .warmupEpochs(warmupEpochs)
        .clipGradient(clipGradient)
        .freezeEncoderEpochs(freezeEncoderEpochs)
        .hidden(hidden)
        .dropout(dropout)
        .mode(mode)
        .alpha(alpha)
        .mixProbability(mixProbability)
        .mixSpace(mixSpace)
        .mixPairing(mixPairing)
        .mixFromEpoch(mixFromEpoch)
        .maxShift(maxShift)
        .flip(flip)
        .seed(seed)
        .evaluationBatchSize(evaluationBatchSize);
  }

  public TrainingOptions {
    if (epochs < 1 || batchSize < 1 || hidden < 1 || evaluationBatchSize < 1) {
      throw new IllegalArgumentException(
          "epochs, batch size, hidden and evaluation batch size must be positive");
    }
    if (!(learningRate > 0) || weightDecay < 0 || warmupEpochs < 0 || dropout < 0 || dropout >= 1) {
      throw new IllegalArgumentException(
          "learning rate > 0, weight decay ≥ 0, warm-up ≥ 0 and dropout in [0, 1) are required");
    }
    if (!(warmupStartFactor > 0)
        || warmupStartFactor > 1
        || !(finalLearningRateFactor >= 0)
        || finalLearningRateFactor > 1) {
      throw new IllegalArgumentException(
          "warm-up start factor in (0, 1] and final learning-rate factor in [0, 1] are required");
    }
    if (!(alpha > 0) || mixProbability < 0 || mixProbability > 1) {
      throw new IllegalArgumentException("alpha > 0 and mix probability in [0, 1] are required");
    }
    if (mixSpace == null || mixPairing == null || mixFromEpoch < 1) {
      throw new IllegalArgumentException(
          "mix space and pairing are required, and mixing starts at epoch 1 or later");
    }
  }

  public SpatialAugmentation augmentation() {
    return new SpatialAugmentation(maxShift, flip);
  }

  /** Collects options; unset ones keep their defaults. */
  public static final class Builder {
    private int epochs = 10;
    private int batchSize = 16;
    private double learningRate = 1e-3;
    private double warmupStartFactor = 0.01;
    private double finalLearningRateFactor = 0.01;
    private double weightDecay = 0.05;
    private double warmupEpochs = 1;
    private double clipGradient = 1.0;
    private int freezeEncoderEpochs = 2;
    private int hidden = 128;
    private double dropout = 0.2;
    private LabelMode mode = LabelMode.SOFT;
    private double alpha = 0.8;
    private double mixProbability = 1.0;
    private MixSpace mixSpace = MixSpace.PIXELS;
    private MixPairing mixPairing = MixPairing.ANY;
    private int mixFromEpoch = 1;
    private int maxShift = 6;
    private boolean flip = true;
    private long seed = 42;
    private int evaluationBatchSize = 8;

    private Builder() {}

    public Builder epochs(int v) {
      epochs = v;
      return this;
    }

    public Builder batchSize(int v) {
      batchSize = v;
      return this;
    }

    public Builder learningRate(double v) {
      learningRate = v;
      return this;
    }

    public Builder warmupStartFactor(double v) {
      warmupStartFactor = v;
      return this;
    }

    public Builder finalLearningRateFactor(double v) {
      finalLearningRateFactor = v;
      return this;
    }

    public Builder weightDecay(double v) {
      weightDecay = v;
      return this;
    }

    public Builder warmupEpochs(double v) {
      warmupEpochs = v;
      return this;
    }

    public Builder clipGradient(double v) {
      clipGradient = v;
      return this;
    }

    public Builder freezeEncoderEpochs(int v) {
      freezeEncoderEpochs = v;
      return this;
    }

    public Builder hidden(int v) {
      hidden = v;
      return this;
    }

    public Builder dropout(double v) {
      dropout = v;
      return this;
    }

    public Builder mode(LabelMode v) {
      mode = v;
      return this;
    }

    public Builder alpha(double v) {
      alpha = v;
      return this;
    }

    public Builder mixProbability(double v) {
      mixProbability = v;
      return this;
    }

    public Builder mixSpace(MixSpace v) {
      mixSpace = v;
      return this;
    }

    public Builder mixPairing(MixPairing v) {
      mixPairing = v;
      return this;
    }

    public Builder mixFromEpoch(int v) {
      mixFromEpoch = v;
      return this;
    }

    public Builder maxShift(int v) {
      maxShift = v;
      return this;
    }

    public Builder flip(boolean v) {
      flip = v;
      return this;
    }

    public Builder seed(long v) {
      seed = v;
      return this;
    }

    public Builder evaluationBatchSize(int v) {
      evaluationBatchSize = v;
      return this;
    }

    public TrainingOptions build() {
      return new TrainingOptions(
          epochs,
          batchSize,
          learningRate,
          warmupStartFactor,
          finalLearningRateFactor,
          weightDecay,
          warmupEpochs,
          clipGradient,
          freezeEncoderEpochs,
          hidden,
          dropout,
          mode,
          alpha,
          mixProbability,
          mixSpace,
          mixPairing,
          mixFromEpoch,
          maxShift,
          flip,
          seed,
          evaluationBatchSize);
    }
  }
}
