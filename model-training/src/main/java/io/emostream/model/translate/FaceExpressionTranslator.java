package io.emostream.model.translate;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import io.emostream.model.image.LegacyBilinearResize;
import io.emostream.model.image.MeanNormalization;
import io.emostream.model.image.RgbImage;
import io.emostream.model.image.SquarePadding;
import io.emostream.model.nn.FaceFeatureExtractor;

/**
 * Face crop → FaceExpressionNet input → prediction, bit-faithful to face-api: centred zero padding
 * to a square, legacy bilinear resize to 112, mean subtraction, /255. Batches by stacking.
 */
public final class FaceExpressionTranslator implements Translator<RgbImage, ExpressionPrediction> {
  private static final int SIZE = FaceFeatureExtractor.INPUT_SIZE;

  /** The network input of one crop, {@code [112, 112, 3]} HWC, as the extractor expects it. */
  public static float[] preprocess(RgbImage crop) {
    RgbImage square = LegacyBilinearResize.resize(SquarePadding.centred(crop), SIZE, SIZE);
    float[] input = new float[SIZE * SIZE * 3];
    MeanNormalization.apply(square, MeanNormalization.EXPRESSION_MEAN, input, 0);
    return input;
  }

  @Override
  public NDList processInput(TranslatorContext ctx, RgbImage crop) {
    return new NDList(ctx.getNDManager().create(preprocess(crop), new Shape(SIZE, SIZE, 3)));
  }

  @Override
  public ExpressionPrediction processOutput(TranslatorContext ctx, NDList list) {
    return ExpressionPrediction.ofLogits(list.singletonOrThrow().toFloatArray());
  }

  @Override
  public Batchifier getBatchifier() {
    return Batchifier.STACK;
  }
}
