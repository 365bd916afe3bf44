package io.emostream.model.synth;

import ai.djl.util.Progress;
import io.emostream.model.data.DfewDataset;
import io.emostream.model.data.ExpressionClasses;
import io.emostream.model.image.Jpeg;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * A synthetic benchmark of ambiguous dynamic expressions, written in DFEW's layout so the same
 * readers, trainer and evaluation apply.
 *
 * <p>Each clip's expression is a known, time-varying mixture of two or three of 7 prototype faces:
 * a primary class (drawn with a DFEW-like imbalance) holds {@code 1 − ambiguity·U(0.3, 0.7)} of the
 * weight, one or two other classes share the rest, and the share drifts over the clip. Ten
 * simulated annotators vote from the clip's mean mixture (with a little uniform confusion), so vote
 * fractions are soft labels and the majority vote is the single label, as in DFEW. The true mean
 * mixture is written too ({@code Annotation/mixture.csv}). Deterministic for a seed, whatever the
 * thread count.
 */
public final class SyntheticExpressions {
  /**
   * Class prior in EmoStream's order (neutral, happy, sad, angry, fear, disgust, surprise):
   * unbalanced like DFEW.
   */
  static final double[] PRIOR = {0.22, 0.22, 0.17, 0.15, 0.09, 0.05, 0.10};

  /** Prototype facial-action parameters per class: curve, open, width, brow, tilt, eyes, lip. */
  static final double[][] PROTOTYPES = {
    {0.0, 0.0, 0.9, 0.0, 0.0, 1.0, 0.0}, // neutral
    {1.0, 0.3, 1.2, 0.1, 0.0, 0.8, 0.0}, // happy
    {-0.9, 0.0, 0.8, 0.2, 1.0, 0.7, 0.0}, // sad
    {-0.3, 0.1, 0.8, -1.0, -1.0, 1.0, 0.2}, // angry
    {-0.3, 0.6, 1.0, 0.8, 0.8, 1.5, 0.0}, // fear
    {-0.5, 0.2, 0.8, -0.5, -0.3, 0.6, 1.0}, // disgust
    {0.0, 1.0, 0.7, 1.0, 0.0, 1.5, 0.0}, // surprise
  };

  private static final int[] TO_DFEW_ID = {3, 1, 2, 4, 7, 6, 5};
  private static final Color[] SKIN = {
    new Color(241, 194, 125),
    new Color(224, 172, 105),
    new Color(198, 134, 66),
    new Color(141, 85, 36),
    new Color(255, 219, 172)
  };

  /** How a clip's ambiguity shows in its pixels. */
  public enum Style {
    /** One face whose facial-action parameters are the mixture of the classes' prototypes. */
    PARAMETERS,
    /**
     * The MIDAS control: each class of the mixture rendered as a pure expression with the same
     * pose, lighting, skin and noise, and the renders blended pixel by pixel with the mixture's
     * weights — ambiguous clips made the way MIDAS makes its training samples.
     */
    PIXEL_BLEND,
    /**
     * Like real dynamic FER: {@link #PARAMETERS} faces, with an onset from neutral over up to half
     * the clip, non-target frames (a random other expression, ~15 % of frames) and, in ~30 % of
     * clips, a partial occlusion over a run of frames. Annotators judge the target frames only.
     */
    DYNAMIC
  }

  /** What to generate. */
  public record Spec(
      int clips, int frames, int size, double ambiguity, int annotators, long seed, Style style) {

    public Spec(int clips, int frames, int size, double ambiguity, int annotators, long seed) {
      this(clips, frames, size, ambiguity, annotators, seed, Style.PARAMETERS);
    }

    public Spec {
      if (style == null) {
        throw new IllegalArgumentException("a style is required");
      }
      if (clips < 5) {
        throw new IllegalArgumentException("need at least 5 clips (one per fold), got " + clips);
      }
      if (frames < 1 || size < 16 || annotators < 1) {
        throw new IllegalArgumentException("frames ≥ 1, size ≥ 16 and annotators ≥ 1 are required");
      }
      if (ambiguity < 0 || ambiguity > 1) {
        throw new IllegalArgumentException("ambiguity is a level in [0, 1], got " + ambiguity);
      }
    }
  }

  /** One generated clip: its mean mixture, votes (counts, EmoStream's order) and majority label. */
  public record GeneratedClip(String name, double[] mixture, int[] votes, int label) {}

  private SyntheticExpressions() {}

  public static List<GeneratedClip> write(Spec spec, Path root, Progress progress)
      throws IOException {
    Path frames = root.resolve(DfewDataset.FRAMES);
    Files.createDirectories(frames);
    if (progress != null) {
      progress.reset("Generating synthetic clips", spec.clips());
    }
    AtomicLong done = new AtomicLong();
    List<GeneratedClip> clips;
    try {
      clips =
          IntStream.range(0, spec.clips())
              .parallel()
              .mapToObj(
                  i -> {
                    GeneratedClip c = clip(spec, i, frames);
                    if (progress != null) {
                      synchronized (progress) {
                        progress.update(done.incrementAndGet());
                      }
                    }
                    return c;
                  })
              .toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    if (progress != null) {
      progress.end();
    }
    writeLabels(spec, root, clips);
    return clips;
  }

  /** A clip rendered in memory: its frames and what generated them. */
  public record RenderedClip(List<BufferedImage> frames, GeneratedClip clip) {}

  /**
   * Clip {@code index} of the benchmark {@code spec} describes, in memory (the same frames and
   * votes {@link #write} stores), e.g. for a live feed whose true mixtures are known.
   */
  public static RenderedClip render(Spec spec, int index) {
    SplittableRandom random = new SplittableRandom(spec.seed() * 1_000_003L + index);
    int primary = draw(PRIOR, random);
    int others = 1 + random.nextInt(2);
    List<Integer> secondary = new ArrayList<>();
    while (secondary.size() < others) {
      int c = random.nextInt(ExpressionClasses.COUNT);
      if (c != primary && !secondary.contains(c)) {
        secondary.add(c);
      }
    }
    double[] mixture = new double[ExpressionClasses.COUNT];
    mixture[primary] = 1 - spec.ambiguity() * (0.3 + 0.4 * random.nextDouble());
    double rest = 1 - mixture[primary];
    double split = others == 1 ? 1 : random.nextDouble();
    mixture[secondary.get(0)] += rest * split;
    if (others == 2) {
      mixture[secondary.get(1)] += rest * (1 - split);
    }
    // The secondary share drifts over the clip: start and end mixtures average to 'mixture'.
    double drift = (random.nextDouble() * 2 - 1) * 0.8;
    double[] start = scaleSecondary(mixture, primary, 1 + drift);
    double[] end = scaleSecondary(mixture, primary, 1 - drift);
    double[] mean = new double[mixture.length];
    String name = String.format(Locale.ROOT, "%05d", index + 1);
    List<BufferedImage> images = new ArrayList<>(spec.frames());
    Color skin = SKIN[random.nextInt(SKIN.length)];
    double dx = FaceRenderer.gaussian(random) * 4;
    double dy = FaceRenderer.gaussian(random) * 4;
    double angle = FaceRenderer.gaussian(random) * 0.08;
    double scale = 0.85 + 0.25 * random.nextDouble();
    double brightness = 0.7 + 0.55 * random.nextDouble();
    double noise = 4 + 6 * random.nextDouble();
    // Only the new styles draw more: PARAMETERS clips stay what they were before styles existed.
    Dynamics dynamics =
        spec.style() == Style.DYNAMIC ? Dynamics.draw(spec.frames(), random.split()) : null;
    for (int f = 0; f < spec.frames(); f++) {
      double s = spec.frames() == 1 ? 0.5 : f / (double) (spec.frames() - 1);
      double[] weights = new double[mixture.length];
      for (int c = 0; c < mixture.length; c++) {
        weights[c] = (1 - s) * start[c] + s * end[c];
        mean[c] += weights[c] / spec.frames();
      }
      FaceRenderer.Nuisance n =
          new FaceRenderer.Nuisance(
              dx + FaceRenderer.gaussian(random),
              dy + FaceRenderer.gaussian(random),
              angle + FaceRenderer.gaussian(random) * 0.02,
              scale,
              brightness,
              noise);
      images.add(
          switch (spec.style()) {
            case PARAMETERS -> FaceRenderer.render(spec.size(), blend(weights), n, skin, random);
            case PIXEL_BLEND -> pixelBlend(spec.size(), weights, n, skin, random.nextLong());
            case DYNAMIC -> dynamics.frame(f, spec.size(), weights, n, skin, random);
          });
    }
    int[] votes = new int[mixture.length];
    double[] perceived = perceived(mean);
    for (int a = 0; a < spec.annotators(); a++) {
      votes[draw(perceived, random)]++;
    }
    int label = 0;
    for (int c = 1; c < votes.length; c++) {
      if (votes[c] > votes[label] || (votes[c] == votes[label] && mean[c] > mean[label])) {
        label = c;
      }
    }
    return new RenderedClip(images, new GeneratedClip(name, mean, votes, label));
  }

  /** The facial-action parameters of a mixture of the classes' prototypes. */
  static double[] blend(double[] weights) {
    double[] params = new double[FaceRenderer.PARAMS];
    for (int c = 0; c < weights.length; c++) {
      for (int k = 0; k < params.length; k++) {
        params[k] += weights[c] * PROTOTYPES[c][k];
      }
    }
    return params;
  }

  /**
   * Each class with weight renders as its pure prototype, all with the same nuisance and the same
   * noise draw; the renders are summed with the weights, pixel by pixel.
   */
  private static BufferedImage pixelBlend(
      int size, double[] weights, FaceRenderer.Nuisance n, Color skin, long noiseSeed) {
    double[] sum = new double[size * size * 3];
    double total = 0;
    for (int c = 0; c < weights.length; c++) {
      if (weights[c] <= 0) {
        continue;
      }
      BufferedImage pure =
          FaceRenderer.render(size, PROTOTYPES[c], n, skin, new SplittableRandom(noiseSeed));
      int[] rgb = pure.getRGB(0, 0, size, size, null, 0, size);
      for (int i = 0; i < rgb.length; i++) {
        sum[3 * i] += weights[c] * ((rgb[i] >> 16) & 0xff);
        sum[3 * i + 1] += weights[c] * ((rgb[i] >> 8) & 0xff);
        sum[3 * i + 2] += weights[c] * (rgb[i] & 0xff);
      }
      total += weights[c];
    }
    BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    int[] rgb = new int[size * size];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] =
          (channel(sum[3 * i] / total) << 16)
              | (channel(sum[3 * i + 1] / total) << 8)
              | channel(sum[3 * i + 2] / total);
    }
    out.setRGB(0, 0, size, size, rgb, 0, size);
    return out;
  }

  private static int channel(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }

  /**
   * What an annotator perceives of a true mixture: the mixture, with a little uniform confusion.
   */
  public static double[] perceived(double[] mixture) {
    double[] p = new double[mixture.length];
    for (int c = 0; c < mixture.length; c++) {
      p[c] = 0.92 * mixture[c] + 0.08 / mixture.length;
    }
    return p;
  }

  private static GeneratedClip clip(Spec spec, int index, Path framesRoot) {
    RenderedClip rendered = render(spec, index);
    Path folder = framesRoot.resolve(rendered.clip().name());
    try {
      Files.createDirectories(folder);
      for (int f = 0; f < rendered.frames().size(); f++) {
        Files.write(
            folder.resolve(
                String.format(Locale.ROOT, "%s_%05d.jpg", rendered.clip().name(), f + 1)),
            Jpeg.encode(rendered.frames().get(f), 0.9f));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rendered.clip();
  }

  private static double[] scaleSecondary(double[] mixture, int primary, double factor) {
    double[] out = new double[mixture.length];
    double sum = 0;
    for (int c = 0; c < mixture.length; c++) {
      out[c] = c == primary ? mixture[c] : mixture[c] * factor;
      sum += out[c];
    }
    for (int c = 0; c < out.length; c++) {
      out[c] /= sum;
    }
    return out;
  }

  /** A class drawn with probability proportional to its weight. */
  public static int draw(double[] weights, SplittableRandom random) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double r = random.nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  /**
   * Five folds (clip i is in the test set of fold i mod 5 + 1), DFEW votes file and the true
   * mixtures.
   */
  private static void writeLabels(Spec spec, Path root, List<GeneratedClip> clips)
      throws IOException {
    for (int fold = 1; fold <= 5; fold++) {
      StringBuilder train = new StringBuilder("video_name,label\n");
      StringBuilder test = new StringBuilder("video_name,label\n");
      for (int i = 0; i < clips.size(); i++) {
        GeneratedClip c = clips.get(i);
        (i % 5 + 1 == fold ? test : train)
            .append(c.name())
            .append(',')
            .append(TO_DFEW_ID[c.label()])
            .append('\n');
      }
      write(DfewDataset.splitFile(root, fold, DfewDataset.Split.TRAIN), train);
      write(DfewDataset.splitFile(root, fold, DfewDataset.Split.TEST), test);
    }
    StringBuilder votes = new StringBuilder("video_name,1,2,3,4,5,6,7\n");
    StringBuilder mixtures =
        new StringBuilder("video_name," + String.join(",", ExpressionClasses.NAMES) + "\n");
    int[] fromDfew = new int[8];
    for (int c = 0; c < TO_DFEW_ID.length; c++) {
      fromDfew[TO_DFEW_ID[c]] = c;
    }
    for (GeneratedClip c : clips) {
      votes.append(c.name());
      for (int id = 1; id <= 7; id++) {
        votes.append(',').append(c.votes()[fromDfew[id]]);
      }
      votes.append('\n');
      mixtures.append(c.name());
      for (double m : c.mixture()) {
        mixtures.append(',').append(String.format(Locale.ROOT, "%.4f", m));
      }
      mixtures.append('\n');
    }
    write(root.resolve(DfewDataset.ANNOTATION), votes);
    write(root.resolve("Annotation/mixture.csv"), mixtures);
    write(
        root.resolve("synth.json"),
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "{\"generator\": \"emostream synth\", \"style\": \"%s\", \"clips\": %d, \"frames\": %d, \"size\": %d, \"ambiguity\": %.3f, \"annotators\": %d, \"seed\": %d}%n",
                spec.style().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                spec.clips(),
                spec.frames(),
                spec.size(),
                spec.ambiguity(),
                spec.annotators(),
                spec.seed())));
  }

  private static void write(Path file, CharSequence text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
