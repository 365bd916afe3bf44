package io.emostream.model.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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

  /**
   * Like {@link #draw}, with partners only inside each group ({@code group[i]} of clip i): a random
   * permutation of every group's members; a clip alone in its group keeps itself (λ then does not
   * matter).
   */
  public static MixPlan drawWithin(
      int[] group, double alpha, double probability, UniformRandomProvider random) {
    MixPlan any = draw(group.length, alpha, probability, random);
    int[] partner = new int[group.length];
    Map<Integer, List<Integer>> members = new TreeMap<>();
    for (int i = 0; i < group.length; i++) {
      members.computeIfAbsent(group[i], g -> new ArrayList<>()).add(i);
    }
    for (List<Integer> m : members.values()) {
      int[] order = PermutationSampler.natural(m.size());
      PermutationSampler.shuffle(random, order);
      for (int k = 0; k < m.size(); k++) {
        partner[m.get(k)] = m.get(order[k]);
      }
    }
    return new MixPlan(partner, any.lambda());
  }

  /** Leaves every clip as it is. */
  public static MixPlan identity(int batch) {
    int[] partner = PermutationSampler.natural(batch);
    float[] lambda = new float[batch];
    Arrays.fill(lambda, 1f);
    return new MixPlan(partner, lambda);
  }
}
