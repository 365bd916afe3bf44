package io.emostream.demo;

import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * What a synthetic feed showed: per camera and capture time, the true expression mixture of the
 * face in the frame. Simulated annotators look clips up here, so their votes are honest. Keeps the
 * last {@code horizonMillis} of each camera. Thread-safe.
 */
public final class MixtureLedger {
  private final long horizonMillis;
  private final Map<String, NavigableMap<Long, double[]>> cameras = new ConcurrentHashMap<>();

  public MixtureLedger(long horizonMillis) {
    this.horizonMillis = horizonMillis;
  }

  public void record(String camera, long captureMillis, double[] mixture) {
    NavigableMap<Long, double[]> frames =
        cameras.computeIfAbsent(camera, c -> new ConcurrentSkipListMap<>());
    frames.put(captureMillis, mixture.clone());
    frames.headMap(captureMillis - horizonMillis).clear();
  }

  /** The mean mixture of the camera's frames captured in [from, to], if any was recorded. */
  public Optional<double[]> mean(String camera, long fromMillis, long toMillis) {
    NavigableMap<Long, double[]> frames = cameras.get(camera);
    if (frames == null) {
      return Optional.empty();
    }
    double[] sum = null;
    int n = 0;
    for (double[] m : frames.subMap(fromMillis, true, toMillis, true).values()) {
      if (sum == null) {
        sum = new double[m.length];
      }
      for (int k = 0; k < m.length; k++) {
        sum[k] += m[k];
      }
      n++;
    }
    if (sum == null) {
      return Optional.empty();
    }
    for (int k = 0; k < sum.length; k++) {
      sum[k] /= n;
    }
    return Optional.of(sum);
  }
}
