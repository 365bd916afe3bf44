package io.emostream.model.train;

/**
 * Everything that decides a training run. Defaults follow common practice for fine-tuning a
 * pretrained encoder with mixup-style augmentation (AdamW, cosine schedule with warm-up).
 *
 * @param epochs passes over the training clips
 * @param batchSize clips per step (split across devices when there are several)
 * @param learningRate peak learning rate after warm-up
 * @param weightDecay AdamW's decoupled weight decay
 * @param warmupEpochs linear warm-up length (fraction of an epoch allowed)
 * @param clipGradient element-wise gradient clipping bound (DJL's clipGrad); ≤ 0 disables
 * @param freezeEncoderEpochs epochs during which the pretrained encoder stays frozen (only the head learns)
 * @param hidden width of the temporal head
 * @param dropout dropout before the classifier
 * @param mode label mode: hard, soft, mixup or MIDAS
 * @param alpha Beta(α, α) of λ for mixing modes
 * @param mixProbability probability that a pair is mixed
 * @param maxShift random-crop shift in pixels
 * @param flip random horizontal flip
 * @param seed seeds initialisation, shuffling, augmentation and mixing
 */
public record TrainingOptions(int epochs, int batchSize, double learningRate, double weightDecay, double warmupEpochs,
    double clipGradient, int freezeEncoderEpochs, int hidden, double dropout, LabelMode mode, double alpha,
    double mixProbability, int maxShift, boolean flip, long seed) {

  public static TrainingOptions defaults() {
    return new TrainingOptions(10, 16, 1e-3, 0.05, 1, 1.0, 2, 128, 0.2, LabelMode.MIDAS, 0.8, 1.0, 6, true, 42);
  }

  public TrainingOptions {
    if (epochs < 1 || batchSize < 1 || hidden < 1) {
      throw new IllegalArgumentException("epochs, batch size and hidden must be positive");
    }
    if (!(learningRate > 0) || weightDecay < 0 || warmupEpochs < 0 || dropout < 0 || dropout >= 1) {
      throw new IllegalArgumentException("learning rate > 0, weight decay ≥ 0, warm-up ≥ 0 and dropout in [0, 1) are required");
    }
    if (!(alpha > 0) || mixProbability < 0 || mixProbability > 1) {
      throw new IllegalArgumentException("alpha > 0 and mix probability in [0, 1] are required");
    }
  }

  public TrainingOptions withMode(LabelMode m) {
    return new TrainingOptions(epochs, batchSize, learningRate, weightDecay, warmupEpochs, clipGradient, freezeEncoderEpochs, hidden,
        dropout, m, alpha, mixProbability, maxShift, flip, seed);
  }

  public TrainingOptions withSeed(long s) {
    return new TrainingOptions(epochs, batchSize, learningRate, weightDecay, warmupEpochs, clipGradient, freezeEncoderEpochs, hidden,
        dropout, mode, alpha, mixProbability, maxShift, flip, s);
  }

  public TrainingOptions withEpochs(int e) {
    return new TrainingOptions(e, batchSize, learningRate, weightDecay, warmupEpochs, clipGradient, freezeEncoderEpochs, hidden,
        dropout, mode, alpha, mixProbability, maxShift, flip, seed);
  }

  public SpatialAugmentation augmentation() {
    return new SpatialAugmentation(maxShift, flip);
  }
}
