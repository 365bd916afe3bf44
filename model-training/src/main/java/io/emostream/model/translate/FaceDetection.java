package io.emostream.model.translate;

/**
 * A detected face: box in pixels of the original image (origin top-left, not clipped to the image)
 * and the detector's score.
 */
public record FaceDetection(double x, double y, double width, double height, double score) {

  /**
   * The pixel rectangle face-api crops for the expression net: clipped to the image, then each of
   * x, y, w, h floored on its own. Returns {x, y, w, h}; w or h may be 0 for a box outside the
   * image.
   */
  public int[] cropRect(int imageWidth, int imageHeight) {
    double cx = Math.max(x, 0);
    double cy = Math.max(y, 0);
    double cw = Math.min(x + width - cx, imageWidth - cx);
    double ch = Math.min(y + height - cy, imageHeight - cy);
    return new int[] {
      (int) Math.floor(cx),
      (int) Math.floor(cy),
      (int) Math.max(0, Math.floor(cw)),
      (int) Math.max(0, Math.floor(ch))
    };
  }

  /** Intersection over union of the two boxes. */
  public double iou(FaceDetection o) {
    double ix = Math.max(0, Math.min(x + width, o.x + o.width) - Math.max(x, o.x));
    double iy = Math.max(0, Math.min(y + height, o.y + o.height) - Math.max(y, o.y));
    double inter = ix * iy;
    return inter / (width * height + o.width * o.height - inter);
  }
}
