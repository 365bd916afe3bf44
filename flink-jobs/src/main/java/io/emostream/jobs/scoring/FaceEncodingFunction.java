package io.emostream.jobs.scoring;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import io.emostream.jobs.batch.BatchFunction;
import io.emostream.jobs.frames.DecodedFrame;
import io.emostream.jobs.io.DeadLetters;
import io.emostream.model.bundle.FrameEncodingClipModel;
import io.emostream.model.image.RgbFrame;
import io.emostream.model.image.RgbImage;
import io.emostream.model.image.TrainingCrops;
import io.emostream.model.tracking.KeyframeFaceFinder;
import io.emostream.model.translate.FaceDetection;
import io.emostream.model.translate.TinyFaceDetectorTranslator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * Per micro-batch of frames: finds faces in frames that came without edge boxes (TinyFaceDetector
 * on each camera's keyframes, boxes carried and re-localised in between: {@link
 * KeyframeFaceFinder}; each step batched across the batch's frames), crops them, and encodes every
 * crop once with the clip model's per-frame encoder (batched across all faces of all cameras in the
 * batch). The model comes from a {@link ModelHotSwap}, which replaces it between batches when a
 * release is accepted; rejected releases leave on the dead-letter side output.
 */
public final class FaceEncodingFunction implements BatchFunction<DecodedFrame, FrameFaces> {
  private static final long serialVersionUID = 1L;

  private final ModelSource models;
  private final int detectorInputSize;
  private final double detectorScoreThreshold;
  private final int detectInterval;
  private final int relocaliseSize;
  private final ReleaseFeed releases;
  private TrainingConsent keepForTraining;
  private float cropQuality;

  private transient Model detectorModel;
  private transient Predictor<RgbImage, List<FaceDetection>> detector;
  private transient Predictor<RgbImage, List<FaceDetection>> relocaliser;
  private transient KeyframeFaceFinder finder;
  private transient Counter keyframes;
  private transient Counter relocalisations;
  private transient ModelHotSwap model;
  private transient Counter facesDetected;
  private transient SideOutput sideOutput;

  /**
   * @param detectInterval full-frame detection on every detectInterval-th frame of a camera
   * @param relocaliseSize detector input size for re-localising carried boxes; 0 to only carry
   * @param releases the model-releases feed to hot-swap from, or null to serve one model
   */
  public FaceEncodingFunction(
      ModelSource models,
      int detectorInputSize,
      double detectorScoreThreshold,
      int detectInterval,
      int relocaliseSize,
      ReleaseFeed releases) {
    this.models = models;
    this.detectorInputSize = detectorInputSize;
    this.detectorScoreThreshold = detectorScoreThreshold;
    this.detectInterval = detectInterval;
    this.relocaliseSize = relocaliseSize;
    this.releases = releases;
  }

  /**
   * Also keep the JPEG crops (at model resolution) of frames whose stream's consent covers
   * training, for the clip sampler. Without this call no crop is kept.
   */
  public FaceEncodingFunction keepingCropsFor(TrainingConsent consent, float jpegQuality) {
    this.keepForTraining = consent;
    this.cropQuality = jpegQuality;
    return this;
  }

  /** Cameras whose detection state a subtask keeps; beyond, the least recent are forgotten. */
  private static final int MAX_CAMERAS = 4096;

  @Override
  public void open(Context context) throws Exception {
    models.configureCpuThreads(context.taskSlots());
    detectorModel = models.detector(context.taskSlots());
    detector =
        detectorModel.newPredictor(
            new TinyFaceDetectorTranslator(detectorInputSize, detectorScoreThreshold));
    relocaliser =
        relocaliseSize == 0
            ? null
            : detectorModel.newPredictor(
                new TinyFaceDetectorTranslator(relocaliseSize, detectorScoreThreshold));
    finder = new KeyframeFaceFinder(detectInterval, detector, relocaliser, MAX_CAMERAS);
    MetricGroup group = context.metrics().addGroup("emostream");
    facesDetected = group.counter("faces_detected");
    keyframes = group.counter("detector_keyframes");
    relocalisations = group.counter("detector_relocalisations");
    sideOutput = context.sideOutput();
    // Every subtask watches the releases; one reports rejections, so each is reported once.
    model =
        new ModelHotSwap(
            models.frameEncoder(context.taskSlots()),
            models.bundleDir(),
            releases,
            bundle -> models.frameEncoder(bundle, context.taskSlots()),
            context.subtaskIndex() == 0,
            group);
    warmUp();
  }

  /**
   * The first inferences of a fresh process are many times slower than the rest (allocator, kernel
   * selection, JIT). Paid here, before the task reports RUNNING, they do not hold up the first
   * frames (the demo starts its feed when every task runs).
   */
  private void warmUp() throws Exception {
    List<RgbImage> frames = List.of(blank(512, 384), blank(512, 384));
    List<RgbImage> faces = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      faces.add(blank(112, 112));
    }
    for (int round = 0; round < 2; round++) {
      detector.batchPredict(frames);
      if (relocaliser != null) {
        relocaliser.batchPredict(List.of(blank(160, 160), blank(160, 160)));
      }
      model.current().encodeFrames(faces);
    }
  }

  private static RgbImage blank(int width, int height) {
    return new RgbImage(width, height, new float[width * height * 3]);
  }

  /** Rejected releases leave within a second, also while no frames arrive at this subtask. */
  @Override
  public Duration tickInterval() {
    return Duration.ofSeconds(1);
  }

  @Override
  public void tick() {
    model.swapIfReleased();
    model.takeRejections().forEach(letter -> sideOutput.emit(DeadLetters.TAG, letter));
  }

  /**
   * Each camera's keyframe schedule and carried faces: a restart does not re-detect every camera.
   */
  @Override
  public List<byte[]> snapshotState() throws Exception {
    return finder.snapshot();
  }

  @Override
  public void restoreState(List<byte[]> entries) throws Exception {
    finder.restore(entries);
  }

  /** The frame's RGB bytes, and its float copy (4 bytes a channel) when the detector needs it. */
  @Override
  public long bytesOf(DecodedFrame frame) {
    long channels = 3L * frame.width * frame.height;
    return frame.edgeFaces == null ? channels * 5 : channels;
  }

  @Override
  public List<FrameFaces> apply(List<DecodedFrame> frames) throws Exception {
    tick(); // a released model serves from the next batch on
    FrameEncodingClipModel encoder = model.current();
    List<KeyframeFaceFinder.Frame> toDetect = new ArrayList<>();
    for (DecodedFrame f : frames) {
      if (f.edgeFaces == null) {
        toDetect.add(new KeyframeFaceFinder.Frame(f.cameraId, f.captureTimeMillis, f.pixels));
      }
    }
    long keyframesBefore = finder.keyframes();
    long relocalisationsBefore = finder.relocalisations();
    List<List<FaceDetection>> detected = toDetect.isEmpty() ? List.of() : finder.find(toDetect);
    keyframes.inc(finder.keyframes() - keyframesBefore);
    relocalisations.inc(finder.relocalisations() - relocalisationsBefore);
    List<List<FaceDetection>> boxes = new ArrayList<>(frames.size());
    List<RgbImage> crops = new ArrayList<>();
    int next = 0;
    for (DecodedFrame f : frames) {
      List<FaceDetection> kept = new ArrayList<>();
      crops.addAll(
          cropFaces(f.pixels, f.edgeFaces == null ? detected.get(next++) : f.edgeFaces, kept));
      boxes.add(kept);
    }
    List<float[]> features = encoder.encodeFrames(crops); // each crop once, one batch
    facesDetected.inc(crops.size());
    List<FrameFaces> out = new ArrayList<>(frames.size());
    int at = 0;
    for (int i = 0; i < frames.size(); i++) {
      DecodedFrame f = frames.get(i);
      boolean keep =
          keepForTraining != null && keepForTraining.covers(f.consentScope, f.consentPurpose);
      FrameFaces result = new FrameFaces();
      result.trainingPurpose = keep ? f.consentPurpose : null;
      result.cameraId = f.cameraId;
      result.sessionId = f.sessionId;
      result.sequence = f.sequence;
      result.captureTimeMillis = f.captureTimeMillis;
      result.modelVersion = encoder.version();
      result.modelBundle = model.currentBundle();
      result.faces = new FaceObservation[boxes.get(i).size()];
      for (int j = 0; j < result.faces.length; j++) {
        result.faces[j] = new FaceObservation(boxes.get(i).get(j), features.get(at));
        if (keep) {
          result.faces[j].crop =
              TrainingCrops.jpeg(crops.get(at), encoder.input().size(), cropQuality);
        }
        at++;
      }
      out.add(result);
    }
    return out;
  }

  /**
   * The crops the encoder sees: each face's box clipped to the frame and floored as face-api crops;
   * faces with nothing inside the frame are dropped. {@code kept} receives the faces that were
   * cropped.
   */
  public static List<RgbImage> cropFaces(
      RgbFrame pixels, List<FaceDetection> faces, List<FaceDetection> kept) {
    List<RgbImage> crops = new ArrayList<>(faces.size());
    for (FaceDetection d : faces) {
      int[] r = d.cropRect(pixels.width(), pixels.height());
      if (r[2] > 0 && r[3] > 0) {
        crops.add(pixels.crop(r[0], r[1], r[2], r[3]));
        kept.add(d);
      }
    }
    return crops;
  }

  @Override
  public void close() throws Exception {
    try {
      if (model != null) {
        model.close();
      }
    } finally {
      if (detector != null) {
        detector.close();
        if (relocaliser != null) {
          relocaliser.close();
        }
        detectorModel.close();
      }
    }
  }
}
