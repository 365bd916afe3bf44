package io.emostream.model.translate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns TinyFaceDetector's raw head into face boxes exactly as face-api's {@code extractBoxes} and
 * {@code nonMaxSuppression} do (in doubles): sigmoid objectness above the threshold (strict), box
 * centres and anchor-scaled sizes corrected for the square padding, greedy NMS dropping IoU above
 * the limit.
 */
public final class TinyYoloDecoder {
  private static final double[][] ANCHORS = {
    {1.603231, 2.094468},
    {6.041143, 7.080126},
    {2.882459, 3.518061},
    {4.266906, 5.178857},
    {9.041765, 10.66308}
  };

  private final int inputSize;
  private final double scoreThreshold;
  private final double iouThreshold;

  public TinyYoloDecoder(int inputSize, double scoreThreshold, double iouThreshold) {
    this.inputSize = inputSize;
    this.scoreThreshold = scoreThreshold;
    this.iouThreshold = iouThreshold;
  }

  /**
   * @param head {@code [cells, cells, 25]} row-major, channel = anchor * 5 + (tx, ty, tw, th,
   *     objectness)
   */
  public List<FaceDetection> decode(float[] head, int cells, int imageWidth, int imageHeight) {
    double scale = (double) inputSize / Math.max(imageWidth, imageHeight);
    double corrX = inputSize / (double) Math.round(imageWidth * scale);
    double corrY = inputSize / (double) Math.round(imageHeight * scale);
    List<double[]> candidates = new ArrayList<>(); // relative x, y, w, h, score
    for (int row = 0; row < cells; row++) {
      for (int col = 0; col < cells; col++) {
        for (int a = 0; a < ANCHORS.length; a++) {
          int base = (row * cells + col) * 25 + a * 5;
          double score = sigmoid(head[base + 4]);
          if (score > scoreThreshold) {
            double ctX = (col + sigmoid(head[base])) / cells * corrX;
            double ctY = (row + sigmoid(head[base + 1])) / cells * corrY;
            double w = Math.exp(head[base + 2]) * ANCHORS[a][0] / cells * corrX;
            double h = Math.exp(head[base + 3]) * ANCHORS[a][1] / cells * corrY;
            candidates.add(new double[] {ctX - w / 2, ctY - h / 2, w, h, score});
          }
        }
      }
    }
    candidates.sort(Comparator.comparingDouble((double[] c) -> c[4]).reversed());
    List<FaceDetection> kept = new ArrayList<>();
    List<FaceDetection> keptRelative = new ArrayList<>();
    for (double[] c : candidates) {
      FaceDetection relative = new FaceDetection(c[0], c[1], c[2], c[3], c[4]);
      if (keptRelative.stream().noneMatch(k -> k.iou(relative) > iouThreshold)) {
        keptRelative.add(relative);
        kept.add(
            new FaceDetection(
                c[0] * imageWidth,
                c[1] * imageHeight,
                c[2] * imageWidth,
                c[3] * imageHeight,
                c[4]));
      }
    }
    return kept;
  }

  private static double sigmoid(double v) {
    return 1 / (1 + Math.exp(-v));
  }
}
