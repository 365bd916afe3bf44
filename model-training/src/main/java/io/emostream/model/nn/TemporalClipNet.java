package io.emostream.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A trainable dynamic-expression clip model: the pretrained per-frame {@link FaceFeatureExtractor},
 * then a temporal head (projection, a residual temporal convolution, attention pooling over time)
 * and a 7-way classifier. Input {@code [N, T, S, S, 3]} normalised NHWC frames; output {@code [N,
 * 7]} logits in EmoStream's class order. In training, two more inputs (partner indices {@code [N]}
 * and λ {@code [N]}) mix each clip's per-frame features with its partner's before the head.
 *
 * <p>The head runs on per-frame features alone ({@link #head}), so the scoring job can encode each
 * face crop once and score overlapping clips from cached features.
 */
public final class TemporalClipNet extends AbstractBlock {
  private final int hidden;
  private final FaceFeatureExtractor encoder;
  private final Block projection;
  private final Block temporal;
  private final Block attention;
  private final Block dropout;
  private final Block classifier;

  /**
   * @param hidden width of the temporal head
   * @param dropout drop probability before the classifier (training only)
   */
  public TemporalClipNet(int hidden, float dropout) {
    if (hidden < 1) {
      throw new IllegalArgumentException("hidden must be positive, got " + hidden);
    }
    this.hidden = hidden;
    encoder = addChildBlock("encoder", new FaceFeatureExtractor());
    projection = addChildBlock("projection", Linear.builder().setUnits(hidden).build());
    temporal =
        addChildBlock(
            "temporal",
            Conv1d.builder()
                .setKernelShape(new Shape(3))
                .optPadding(new Shape(1))
                .setFilters(hidden)
                .build());
    attention = addChildBlock("attention", Linear.builder().setUnits(1).build());
    this.dropout = addChildBlock("dropout", Dropout.builder().optRate(dropout).build());
    classifier =
        addChildBlock("classifier", Linear.builder().setUnits(FaceExpressionNet.CLASSES).build());
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray clips = inputs.get(0);
    Shape s = clips.getShape();
    long n = s.get(0);
    long t = s.get(1);
    NDArray frames = clips.reshape(n * t, s.get(2), s.get(3), s.get(4));
    NDArray features =
        encoder
            .forward(ps, new NDList(frames), training)
            .singletonOrThrow()
            .reshape(n, t, FaceFeatureExtractor.FEATURES);
    if (training && inputs.size() == 3) { // feature-space mixing: partner indices and λ per clip
      features = RowMix.mix(features, inputs.get(1), inputs.get(2));
    }
    return new NDList(head(ps, features, training));
  }

  /** The temporal head on per-frame features {@code [N, T, 256]} → logits {@code [N, 7]}. */
  public NDArray head(ParameterStore ps, NDArray features, boolean training) {
    Shape s = features.getShape();
    long n = s.get(0);
    long t = s.get(1);
    NDArray h =
        Activation.relu(
                projection
                    .forward(ps, new NDList(features.reshape(n * t, s.get(2))), training)
                    .singletonOrThrow())
            .reshape(n, t, hidden);
    NDArray conv =
        temporal.forward(ps, new NDList(h.transpose(0, 2, 1)), training).singletonOrThrow();
    NDArray mixed =
        h.add(Activation.relu(conv).transpose(0, 2, 1)); // residual: a clip of 1 frame still works
    NDArray weights =
        attention
            .forward(ps, new NDList(mixed.reshape(n * t, hidden)), training)
            .singletonOrThrow()
            .reshape(n, t, 1)
            .softmax(1);
    NDArray pooled = mixed.mul(weights).sum(new int[] {1});
    NDArray dropped = dropout.forward(ps, new NDList(pooled), training).singletonOrThrow();
    return classifier.forward(ps, new NDList(dropped), training).singletonOrThrow();
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape s = inputShapes[0];
    long n = s.get(0);
    long t = s.get(1);
    encoder.initialize(manager, dataType, new Shape(n * t, s.get(2), s.get(3), s.get(4)));
    projection.initialize(manager, dataType, new Shape(n * t, FaceFeatureExtractor.FEATURES));
    temporal.initialize(manager, dataType, new Shape(n, hidden, t));
    attention.initialize(manager, dataType, new Shape(n * t, hidden));
    dropout.initialize(manager, dataType, new Shape(n, hidden));
    classifier.initialize(manager, dataType, new Shape(n, hidden));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), FaceExpressionNet.CLASSES)};
  }

  public FaceFeatureExtractor encoder() {
    return encoder;
  }

  public int hidden() {
    return hidden;
  }

  /** The head's layers by name, for export: projection, temporal, attention, classifier. */
  public Block headLayer(String name) {
    return switch (name) {
      case "projection" -> projection;
      case "temporal" -> temporal;
      case "attention" -> attention;
      case "classifier" -> classifier;
      default -> throw new IllegalArgumentException("no head layer '" + name + "'");
    };
  }
}
