package io.emostream.model.translate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import io.emostream.model.image.LegacyBilinearResize;
import io.emostream.model.image.MeanNormalization;
import io.emostream.model.image.RgbImage;
import io.emostream.model.image.SquarePadding;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Image → TinyFaceDetector input (zero padding to a square at the bottom or right, legacy bilinear
 * resize, mean subtraction, /255) and raw head → face boxes in the image's pixels.
 */
public final class TinyFaceDetectorTranslator implements Translator<RgbImage, List<FaceDetection>> {
  private static final String SIZES = "image-sizes";

  private final int inputSize;
  private final TinyYoloDecoder decoder;

  public TinyFaceDetectorTranslator(int inputSize, double scoreThreshold) {
    if (inputSize % 32 != 0 || inputSize < 32) {
      throw new IllegalArgumentException(
          "detector input size must be a positive multiple of 32, got " + inputSize);
    }
    this.inputSize = inputSize;
    this.decoder = new TinyYoloDecoder(inputSize, scoreThreshold, 0.4);
  }

  public static float[] preprocess(RgbImage image, int inputSize) {
    RgbImage square =
        LegacyBilinearResize.resize(SquarePadding.bottomRight(image), inputSize, inputSize);
    float[] input = new float[inputSize * inputSize * 3];
    MeanNormalization.apply(square, MeanNormalization.DETECTOR_MEAN, input, 0);
    return input;
  }

  @Override
  public NDList processInput(TranslatorContext ctx, RgbImage image) {
    // One context serves a whole batch; outputs come back in input order.
    sizes(ctx).addLast(new int[] {image.width(), image.height()});
    return new NDList(
        ctx.getNDManager()
            .create(preprocess(image, inputSize), new Shape(inputSize, inputSize, 3)));
  }

  @Override
  public List<FaceDetection> processOutput(TranslatorContext ctx, NDList list) {
    NDArray head = list.singletonOrThrow();
    int[] size = sizes(ctx).removeFirst();
    return decoder.decode(head.toFloatArray(), (int) head.getShape().get(0), size[0], size[1]);
  }

  @SuppressWarnings("unchecked")
  private static Deque<int[]> sizes(TranslatorContext ctx) {
    Object sizes = ctx.getAttachment(SIZES);
    if (sizes == null) {
      sizes = new ArrayDeque<int[]>();
      ctx.setAttachment(SIZES, sizes);
    }
    return (Deque<int[]>) sizes;
  }

  @Override
  public Batchifier getBatchifier() {
    return Batchifier.STACK;
  }
}
