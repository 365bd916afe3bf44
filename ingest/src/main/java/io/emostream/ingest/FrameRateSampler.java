package io.emostream.ingest;

/**
 * Samples a stream down to a target rate by its own clock (stream time for files, wall clock for
 * live sources): a frame is kept when it reaches the next slot. Slots do not pile up after a stall.
 */
final class FrameRateSampler {
  private final long periodMicros;
  private long nextMicros = Long.MIN_VALUE;

  /**
   * @param fps target rate; 0 or less keeps every frame
   */
  FrameRateSampler(double fps) {
    this.periodMicros = fps > 0 ? Math.round(1_000_000 / fps) : 0;
  }

  boolean keep(long timeMicros) {
    if (periodMicros == 0) {
      return true;
    }
    if (nextMicros == Long.MIN_VALUE || timeMicros >= nextMicros + periodMicros) {
      nextMicros = timeMicros + periodMicros; // first frame, or after a gap: restart the grid here
      return true;
    }
    if (timeMicros
        >= nextMicros
            - periodMicros / 100) { // 1 % tolerance for timestamp rounding (29.97 fps sources)
      nextMicros += periodMicros;
      return true;
    }
    return false;
  }
}
