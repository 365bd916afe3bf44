package io.emostream.jobs.scoring;

import io.emostream.jobs.batch.BatchFunction;
import io.emostream.model.bundle.FrameEncodingClipModel;
import io.emostream.schemas.event.Distributions;
import io.emostream.schemas.event.EmotionScore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * Scores a micro-batch of clips, gathered across cameras and tracks: one head call per model
 * version in the batch. For per-frame encoders that is the cheap temporal head on cached features;
 * whole-clip models (e.g. a user's TorchScript) run here on clip batches. A clip is scored by the
 * model that encoded its frames, so clips in flight across a hot-swap stay consistent.
 */
public final class ClipScoringFunction implements BatchFunction<FeatureClip, ScoredClip> {
  private static final long serialVersionUID = 1L;

  /** Heads kept loaded: the serving model and the ones whose clips may still be in flight. */
  private static final int MAX_HEADS = 3;

  private final ModelSource models;
  private transient int taskSlots;

  private transient Map<String, FrameEncodingClipModel> heads;
  private transient Counter clipsScored;
  private transient Histogram endToEndLatency;

  public ClipScoringFunction(ModelSource models) {
    this.models = models;
  }

  @Override
  public void open(Context context) throws Exception {
    models.configureCpuThreads(context.taskSlots());
    taskSlots = context.taskSlots();
    heads =
        new LinkedHashMap<>(4, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, FrameEncodingClipModel> eldest) {
            if (size() > MAX_HEADS) {
              eldest.getValue().close();
              return true;
            }
            return false;
          }
        };
    FrameEncodingClipModel configured =
        models.frameEncoder(taskSlots); // loaded before the first clip, not on it
    heads.put(configured.version(), configured);
    var group = context.metrics().addGroup("emostream");
    clipsScored = group.counter("clips_scored");
    endToEndLatency = group.histogram("score_latency_ms", new DescriptiveStatisticsHistogram(2000));
  }

  @Override
  public List<ScoredClip> apply(List<FeatureClip> clips) throws Exception {
    Map<String, List<Integer>> byVersion = new LinkedHashMap<>();
    for (int i = 0; i < clips.size(); i++) {
      byVersion.computeIfAbsent(clips.get(i).modelVersion(), v -> new ArrayList<>()).add(i);
    }
    float[][] distributions = new float[clips.size()][];
    for (List<Integer> group : byVersion.values()) {
      FeatureClip first = clips.get(group.get(0));
      List<float[]> scored =
          headFor(first).scoreFeatures(group.stream().map(i -> clips.get(i).features()).toList());
      for (int j = 0; j < group.size(); j++) {
        distributions[group.get(j)] = scored.get(j);
      }
    }
    long now = System.currentTimeMillis();
    List<ScoredClip> scores = new ArrayList<>(clips.size());
    for (int i = 0; i < clips.size(); i++) {
      FeatureClip c = clips.get(i);
      scores.add(
          new ScoredClip(
              score(c, distributions[i], now),
              c.crops() == null ? null : c.crops().toArray(byte[][]::new),
              c.crops() == null ? 0 : headFor(c).input().size(),
              c.trainingPurpose()));
    }
    clipsScored.inc(scores.size());
    return scores;
  }

  private EmotionScore score(FeatureClip c, float[] p, long now) {
    var top = Distributions.top(p);
    long latency = Math.max(0, now - c.windowEndMillis());
    endToEndLatency.update(latency);
    return EmotionScore.newBuilder()
        .setCameraId(c.cameraId())
        .setSessionId(c.sessionId())
        .setTrackId(c.trackId())
        .setWindowStart(Instant.ofEpochMilli(c.windowStartMillis()))
        .setWindowEnd(Instant.ofEpochMilli(c.windowEndMillis()))
        .setFrameCount(c.features().size())
        .setDistribution(Distributions.of(p))
        .setTopClass(top)
        .setConfidence(p[top.ordinal()])
        .setAmbiguity(Distributions.normalisedEntropy(p))
        .setModelVersion(c.modelVersion())
        .setProcessingLatencyMillis(latency)
        .build();
  }

  private FrameEncodingClipModel headFor(FeatureClip clip) throws Exception {
    FrameEncodingClipModel head = heads.get(clip.modelVersion());
    if (head == null) {
      // A release the encoder accepted (sha256, input spec, warm-up); loading checks it again.
      head = models.withBundle(clip.modelBundle()).frameEncoder(taskSlots);
      heads.put(clip.modelVersion(), head);
    }
    return head;
  }

  @Override
  public void close() {
    if (heads != null) {
      heads.values().forEach(FrameEncodingClipModel::close);
      heads.clear();
    }
  }
}
