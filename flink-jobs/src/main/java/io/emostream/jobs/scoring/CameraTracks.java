package io.emostream.jobs.scoring;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The face tracks of one camera and their clip buffers, fed frames in event-time order.
 *
 * <ul>
 *   <li>Tracking: greedy IoU matching of a frame's faces to the tracks' last boxes (best pairs
 *       first, at least {@code minIou}); an unmatched face starts a track; a track not seen for
 *       {@code timeoutMillis} ends.
 *   <li>Clips: each track keeps its last T frames' features; a clip is emitted when T frames are
 *       there for the first time and then every S new frames; an ending track emits a final clip if
 *       at least {@code minFrames} of its frames were never scored.
 * </ul>
 *
 * Mutable state of a Flink keyed operator (one instance per camera key); not thread-safe.
 */
public final class CameraTracks {
  /** Tracking and clip settings. */
  public record Settings(int frames, int stride, int minFrames, double minIou, long timeoutMillis)
      implements Serializable {
    public Settings {
      if (frames < 1 || stride < 1 || minFrames < 1 || minFrames > frames) {
        throw new IllegalArgumentException(
            "clip settings need frames >= 1, stride >= 1 and 1 <= min-frames <= frames; got frames="
                + frames
                + " stride="
                + stride
                + " min-frames="
                + minFrames);
      }
    }
  }

  /** One track. Public fields: Flink serializes this state. */
  public static final class Track {
    public String id;
    public FaceObservation lastBox;
    public long lastSeen;
    public String modelVersion;
    public String modelBundle;

    /** Session of the track's latest frame. */
    public String sessionId;

    public List<Long> times = new ArrayList<>();
    public List<float[]> features = new ArrayList<>();

    /** JPEG crops parallel to {@link #features}; entries are null for frames not kept. */
    public List<byte[]> crops = new ArrayList<>();

    /** Consented training purpose of the track's latest frame, or null. */
    public String trainingPurpose;

    public int unscored;
    public boolean scoredOnce;
  }

  public String camera;
  public long nextTrackNumber;
  public List<Track> tracks = new ArrayList<>();

  public CameraTracks() {}

  public CameraTracks(String camera) {
    this.camera = camera;
  }

  /**
   * Adds a frame (in event-time order) and returns the clips it completes, ended tracks' final
   * clips first.
   */
  public List<FeatureClip> observe(FrameFaces frame, Settings s) {
    List<FeatureClip> clips = new ArrayList<>(expire(frame.captureTimeMillis, s));
    if (!tracks.isEmpty() && !tracks.get(0).modelVersion.equals(frame.modelVersion)) {
      clips.addAll(endAll(s)); // features of different models must not share a clip
    }
    FaceObservation[] faces = frame.faces == null ? new FaceObservation[0] : frame.faces;
    List<double[]> pairs = new ArrayList<>(); // iou, track index, face index
    for (int t = 0; t < tracks.size(); t++) {
      for (int f = 0; f < faces.length; f++) {
        double iou = tracks.get(t).lastBox.iou(faces[f]);
        if (iou >= s.minIou()) {
          pairs.add(new double[] {iou, t, f});
        }
      }
    }
    pairs.sort(Comparator.comparingDouble((double[] p) -> p[0]).reversed());
    boolean[] trackUsed = new boolean[tracks.size()];
    boolean[] faceUsed = new boolean[faces.length];
    for (double[] p : pairs) {
      int t = (int) p[1];
      int f = (int) p[2];
      if (!trackUsed[t] && !faceUsed[f]) {
        trackUsed[t] = true;
        faceUsed[f] = true;
        append(tracks.get(t), faces[f], frame, s).ifPresent(clips::add);
      }
    }
    for (int f = 0; f < faces.length; f++) {
      if (!faceUsed[f]) {
        Track track = new Track();
        track.id = camera + "/t" + (++nextTrackNumber);
        track.modelVersion = frame.modelVersion;
        track.modelBundle = frame.modelBundle;
        tracks.add(track);
        append(track, faces[f], frame, s).ifPresent(clips::add);
      }
    }
    return clips;
  }

  /**
   * Ends tracks not seen for longer than the timeout before {@code now}; returns their final clips.
   */
  public List<FeatureClip> expire(long now, Settings s) {
    List<FeatureClip> clips = new ArrayList<>();
    tracks.removeIf(
        t -> {
          if (now - t.lastSeen > s.timeoutMillis()) {
            finalClip(camera, t, s).ifPresent(clips::add);
            return true;
          }
          return false;
        });
    return clips;
  }

  /** Ends every track (end of input, model change). */
  public List<FeatureClip> endAll(Settings s) {
    List<FeatureClip> clips = new ArrayList<>();
    tracks.forEach(t -> finalClip(camera, t, s).ifPresent(clips::add));
    tracks.clear();
    return clips;
  }

  private Optional<FeatureClip> append(
      Track t, FaceObservation face, FrameFaces frame, Settings s) {
    long time = frame.captureTimeMillis;
    t.sessionId = frame.sessionId;
    t.lastBox = new FaceObservation(face.x, face.y, face.width, face.height, face.score, null);
    t.lastSeen = time;
    t.times.add(time);
    t.features.add(face.features);
    t.crops.add(face.crop);
    t.trainingPurpose = frame.trainingPurpose;
    if (t.times.size() > s.frames()) { // state stays bounded: the last T frames
      t.times.remove(0);
      t.features.remove(0);
      t.crops.remove(0);
    }
    t.unscored++;
    if (t.times.size() == s.frames() && (!t.scoredOnce || t.unscored >= s.stride())) {
      return Optional.of(clip(camera, t));
    }
    return Optional.empty();
  }

  private static Optional<FeatureClip> finalClip(String camera, Track t, Settings s) {
    if (t.unscored > 0 && t.unscored >= s.minFrames() && !t.times.isEmpty()) {
      return Optional.of(clip(camera, t));
    }
    return Optional.empty();
  }

  private static FeatureClip clip(String camera, Track t) {
    List<byte[]> crops = keptCrops(t);
    t.unscored = 0;
    t.scoredOnce = true;
    return new FeatureClip(
        camera,
        t.sessionId,
        t.id,
        List.copyOf(t.features),
        t.times.get(0),
        t.times.get(t.times.size() - 1),
        t.modelVersion,
        t.modelBundle,
        crops,
        crops == null ? null : t.trainingPurpose);
  }

  /** The clip's crops if every frame's was kept (consent held for the whole clip), else null. */
  private static List<byte[]> keptCrops(Track t) {
    if (t.trainingPurpose == null || t.crops.size() != t.times.size() || t.crops.contains(null)) {
      return null;
    }
    return new ArrayList<>(t.crops);
  }
}
