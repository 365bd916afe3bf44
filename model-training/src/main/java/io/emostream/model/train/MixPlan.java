package io.emostream.model.train;

import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.PermutationSampler;
import org.apache.commons.rng.sampling.distribution.ChengBetaSampler;
import org.apache.commons.rng.sampling.distribution.SharedStateContinuousSampler;

/**
 * Which clip each clip of a batch is mixed with and how much: clip i becomes {@code λ_i·x_i + (1 −
 * λ_i)·x_partner(i)} frame by frame, and its target the same. Partners are a random permutation of
 * the batch; {@code λ_i ~ Beta(α, α)} for mixed pairs, 1 for pairs left alone (each pair is mixed
 * with probability p).
 */
public record MixPlan(int[] partner, float[] lambda) {

  public static MixPlan draw(
      int batch, double alpha, double probability, UniformRandomProvider random) {
    if (!(alpha > 0)) {
      throw new IllegalArgumentException("alpha must be positive, got " + alpha);
    }
    int[] partner = PermutationSampler.natural(batch);
    PermutationSampler.shuffle(random, partner);
    SharedStateContinuousSampler beta = ChengBetaSampler.of(random, alpha, alpha);
    float[] lambda = new float[batch];
    for (int i = 0; i < batch; i++) {
      double l = beta.sample(); // drawn for every pair so the random stream does not depend on p
      lambda[i] = random.nextDouble() < probability ? (float) l : 1f;
    }
    return new MixPlan(partner, lambda);
  }

  /** Leaves every clip as it is. */
  public static MixPlan identity(int batch) {
    int[] partner = PermutationSampler.natural(batch);
    float[] lambda = new float[batch];
    Arrays.fill(lambda, 1f);
    return new MixPlan(partner, lambda);
  }
}
