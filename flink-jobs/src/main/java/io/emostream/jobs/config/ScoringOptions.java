package io.emostream.jobs.config;

import static org.apache.flink.configuration.ConfigOptions.key;

import io.emostream.model.onnx.ModelEngine;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.MemorySize;

/** Options of the streaming scoring job. */
public final class ScoringOptions {

  public static final ConfigOption<Duration> STATS_WINDOW =
      key("scoring.stats.window")
          .durationType()
          .defaultValue(Duration.ofSeconds(2))
          .withDescription("Event-time window of the per-camera frame statistics.");

  public static final ConfigOption<Duration> OUT_OF_ORDERNESS =
      key("scoring.watermark.out-of-orderness")
          .durationType()
          .defaultValue(Duration.ofSeconds(1))
          .withDescription(
              "How far behind its camera's newest frame a frame may arrive and still be tracked (later ones are dead-lettered as late); also the watermark's bound for the camera statistics.");

  public static final ConfigOption<Duration> IDLENESS =
      key("scoring.watermark.idleness")
          .durationType()
          .defaultValue(Duration.ofSeconds(10))
          .withDescription(
              "A source split without frames for this long stops holding back the watermark (camera statistics; tracking keeps each camera's own event time).");

  public static final ConfigOption<Integer> FRAME_MAX_SIDE =
      key("scoring.frame.max-side")
          .intType()
          .defaultValue(4096)
          .withDescription(
              "Largest accepted frame width or height in pixels; larger frames are dead-lettered.");

  public static final ConfigOption<MemorySize> FRAME_MAX_PAYLOAD =
      key("scoring.frame.max-payload")
          .memoryType()
          .defaultValue(MemorySize.parse("32mb"))
          .withDescription(
              "Largest accepted image, inline or behind a claim check; larger ones are dead-lettered as OVERSIZED.");

  public static final ConfigOption<Integer> FRAME_MAX_FACES =
      key("scoring.frame.max-faces")
          .intType()
          .defaultValue(32)
          .withDescription(
              "Most edge face boxes one frame may carry; frames with more are dead-lettered as INVALID_FACE_BOX.");

  public static final ConfigOption<List<String>> CLAIM_CHECK_ROOTS =
      key("scoring.claim-check.roots")
          .stringType()
          .asList()
          .defaultValues("var/blobs")
          .withDescription(
              "Stores that claim checks may point into, separated by ';': directories (paths or file:// URIs; relative paths resolve against the job's working directory) or URIs a Flink file system reads (s3://BUCKET/PREFIX with Flink's s3 plugin, configured by the cluster's s3.* settings). A claim check anywhere else, through '..' or a symbolic link out of them, or at anything but a regular file or object is dead-lettered as CLAIM_CHECK_UNREADABLE.");

  public static final ConfigOption<Duration> FRAME_MAX_FUTURE =
      key("scoring.frame.max-future")
          .durationType()
          .defaultValue(Duration.ofMinutes(1))
          .withDescription(
              "Frames whose capture time is further ahead of this job's clock are dead-lettered.");

  public static final ConfigOption<Duration> FRAME_MAX_TIMESTAMP_SKEW =
      key("scoring.frame.max-timestamp-skew")
          .durationType()
          .defaultValue(Duration.ofMinutes(1))
          .withDescription(
              "Event time is the Kafka record timestamp; frames whose record timestamp differs more from their capture time are dead-lettered.");

  public static final ConfigOption<String> MODEL_BUNDLE =
      key("scoring.model.bundle")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Model bundle directory, or s3://BUCKET/PREFIX/VERSION through Flink's s3 file system; default: the built-in face-api per-frame model with temporal averaging.");

  public static final ConfigOption<String> MODEL_RELEASES_ROOT =
      key("scoring.model.releases-root")
          .stringType()
          .defaultValue("var/models")
          .withDescription(
              "Released bundles are served only from directories inside this one (retrain.releases-dir writes there): a directory, or s3://BUCKET/PREFIX, whose bundles are copied to a local temporary directory to be checked.");

  public static final ConfigOption<List<String>> MODEL_RELEASE_KEYS =
      key("scoring.model.release-keys")
          .stringType()
          .asList()
          .defaultValues("var/keys/release.pub")
          .withDescription(
              "Ed25519 public keys (X.509 PEM files, separated by ';') whose signatures make a release servable; unsigned releases and other keys are dead-lettered as MODEL_REJECTED.");

  public static final ConfigOption<MemorySize> MODEL_MAX_BYTES =
      key("scoring.model.max-bytes")
          .memoryType()
          .defaultValue(MemorySize.parse("1gb"))
          .withDescription("Largest released bundle accepted, all its files together.");

  public static final ConfigOption<String> MODEL_DEVICE =
      key("scoring.model.device")
          .stringType()
          .defaultValue("cpu")
          .withDescription("Device of the models: cpu, gpu or gpu:N.");

  public static final ConfigOption<Integer> MODEL_CPU_THREADS =
      key("scoring.model.cpu-threads")
          .intType()
          .defaultValue(0)
          .withDescription(
              "PyTorch CPU threads per TaskManager process; 0: cores / task slots, so that the slots' model operators do not oversubscribe the cores.");

  public static final ConfigOption<ModelEngine> MODEL_ENGINE =
      key("scoring.model.engine")
          .enumType(ModelEngine.class)
          .defaultValue(ModelEngine.ONNXRUNTIME)
          .withDescription(
              "Engine of the face detector and the clip models: ONNXRUNTIME (face-api and temporal bundles exported from their own weights at load; 3-4x PyTorch on CPU, docs/benchmarks.md) or PYTORCH. Released models hot-swapped in run on it too. torchscript-clip bundles always run on PyTorch, onnx-clip bundles on ONNX Runtime.");

  public static final ConfigOption<String> MODEL_ONNX_PROVIDER =
      key("scoring.model.onnx.provider")
          .stringType()
          .defaultValue("cpu")
          .withDescription(
              "ONNX Runtime execution provider: cpu, cuda or tensorrt (the GPU ones need onnxruntime_gpu and CUDA/TensorRT libraries on the TaskManager; README, Engines).");

  public static final ConfigOption<Integer> MODEL_ONNX_GPU =
      key("scoring.model.onnx.gpu")
          .intType()
          .defaultValue(0)
          .withDescription("GPU index for the cuda and tensorrt providers.");

  public static final ConfigOption<String> MODEL_ONNX_TENSORRT_CACHE =
      key("scoring.model.onnx.tensorrt.engine-cache")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Directory where TensorRT keeps the engines it builds (minutes per model and GPU type); keep it on a persistent volume.");

  public static final ConfigOption<Boolean> MODEL_ONNX_TENSORRT_FP16 =
      key("scoring.model.onnx.tensorrt.fp16")
          .booleanType()
          .defaultValue(false)
          .withDescription("Let TensorRT run layers in fp16.");

  public static final ConfigOption<String> MODEL_ONNX_EXPORT_DIR =
      key("scoring.model.onnx.export-dir")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Where the ONNX files exported from the bundles' weights are kept (default: <java.io.tmpdir>/emostream-onnx).");

  public static final ConfigOption<Integer> BATCH_MAX_SIZE =
      key("scoring.batch.max-size")
          .intType()
          .defaultValue(16)
          .withDescription(
              "Most frames per micro-batch of the face detection and encoding operator.");

  public static final ConfigOption<Duration> BATCH_MAX_WAIT =
      key("scoring.batch.max-wait")
          .durationType()
          .defaultValue(Duration.ofMillis(50))
          .withDescription("Longest a frame waits for its micro-batch to fill.");

  public static final ConfigOption<MemorySize> BATCH_MAX_BYTES =
      key("scoring.batch.max-bytes")
          .memoryType()
          .defaultValue(MemorySize.parse("256mb"))
          .withDescription(
              "Most memory the frames of one detection + encoding micro-batch may take (RGB bytes, plus their float copy when the job detects faces); a larger frame runs alone.");

  public static final ConfigOption<Integer> CLIP_BATCH_MAX_SIZE =
      key("scoring.clip-batch.max-size")
          .intType()
          .defaultValue(32)
          .withDescription(
              "Most clips per micro-batch of the clip scoring operator (across cameras and tracks).");

  public static final ConfigOption<Duration> CLIP_BATCH_MAX_WAIT =
      key("scoring.clip-batch.max-wait")
          .durationType()
          .defaultValue(Duration.ofMillis(20))
          .withDescription(
              "Longest a clip waits for its micro-batch to fill (a watermark flushes it sooner).");

  public static final ConfigOption<Integer> DETECTOR_INPUT_SIZE =
      key("scoring.detector.input-size")
          .intType()
          .defaultValue(416)
          .withDescription(
              "TinyFaceDetector input size (a multiple of 32); smaller is faster, finds fewer small faces.");

  public static final ConfigOption<Integer> DETECT_INTERVAL =
      key("scoring.detect.interval")
          .intType()
          .defaultValue(5)
          .withDescription(
              "For cameras without edge boxes: the full-frame face detector runs on every N-th frame of a camera (and at least once a second, and early when a face reaches the frame's edge or is lost); in between, each face's box is carried at its measured velocity and re-localised. 1 detects every frame.");

  public static final ConfigOption<Integer> RELOCALISE_SIZE =
      key("scoring.detect.relocalise-size")
          .intType()
          .defaultValue(160)
          .withDescription(
              "Detector input size (a multiple of 32) for re-localising a carried box: the detector runs on a square twice the box's size around it. 0 only carries boxes at constant velocity.");

  public static final ConfigOption<Double> DETECTOR_SCORE_THRESHOLD =
      key("scoring.detector.score-threshold")
          .doubleType()
          .defaultValue(0.5)
          .withDescription("Minimum face detection score.");

  public static final ConfigOption<Integer> CLIP_FRAMES =
      key("scoring.clip.frames").intType().defaultValue(16).withDescription("Frames per clip (T).");

  public static final ConfigOption<Integer> CLIP_STRIDE =
      key("scoring.clip.stride")
          .intType()
          .defaultValue(8)
          .withDescription("Frames between the starts of consecutive clips of a track (S).");

  public static final ConfigOption<Integer> CLIP_MIN_FRAMES =
      key("scoring.clip.min-frames")
          .intType()
          .defaultValue(4)
          .withDescription(
              "A track that ends with fewer unscored frames than this emits no final clip.");

  public static final ConfigOption<Double> TRACK_MIN_IOU =
      key("scoring.track.min-iou")
          .doubleType()
          .defaultValue(0.3)
          .withDescription("Least box overlap (IoU) for a face to continue a track.");

  public static final ConfigOption<Duration> TRACK_TIMEOUT =
      key("scoring.track.timeout")
          .durationType()
          .defaultValue(Duration.ofSeconds(2))
          .withDescription("A track not seen for this long (event time) ends.");

  public static final ConfigOption<Duration> CAMERA_IDLE_FLUSH =
      key("scoring.camera.idle-flush")
          .durationType()
          .defaultValue(Duration.ofSeconds(30))
          .withDescription(
              "A camera without a new frame for this long (wall-clock) is flushed: its waiting frames are tracked, every track ends with its final clip and its state is cleared. Needed because when every camera stops no watermark moves event time on. 0 disables.");

  private ScoringOptions() {}

  public static List<ConfigOption<?>> all() {
    return List.of(
        STATS_WINDOW,
        OUT_OF_ORDERNESS,
        IDLENESS,
        CAMERA_IDLE_FLUSH,
        FRAME_MAX_SIDE,
        FRAME_MAX_PAYLOAD,
        FRAME_MAX_FACES,
        CLAIM_CHECK_ROOTS,
        FRAME_MAX_FUTURE,
        FRAME_MAX_TIMESTAMP_SKEW,
        MODEL_BUNDLE,
        MODEL_RELEASES_ROOT,
        MODEL_RELEASE_KEYS,
        MODEL_MAX_BYTES,
        MODEL_DEVICE,
        MODEL_CPU_THREADS,
        MODEL_ENGINE,
        MODEL_ONNX_PROVIDER,
        MODEL_ONNX_GPU,
        MODEL_ONNX_TENSORRT_CACHE,
        MODEL_ONNX_TENSORRT_FP16,
        MODEL_ONNX_EXPORT_DIR,
        BATCH_MAX_SIZE,
        BATCH_MAX_WAIT,
        BATCH_MAX_BYTES,
        CLIP_BATCH_MAX_SIZE,
        CLIP_BATCH_MAX_WAIT,
        DETECTOR_INPUT_SIZE,
        DETECT_INTERVAL,
        RELOCALISE_SIZE,
        DETECTOR_SCORE_THRESHOLD,
        CLIP_FRAMES,
        CLIP_STRIDE,
        CLIP_MIN_FRAMES,
        TRACK_MIN_IOU,
        TRACK_TIMEOUT);
  }
}
