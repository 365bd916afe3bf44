package io.emostream.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.emostream.demo.EdgeDetector;
import io.emostream.jobs.frames.EdgeFaceBoxes;
import io.emostream.jobs.frames.FfmpegJpegDecoder;
import io.emostream.jobs.frames.FrameImageDecoder;
import io.emostream.jobs.scoring.FaceEncodingFunction;
import io.emostream.jobs.scoring.ModelSource;
import io.emostream.jobs.scoring.ScoringJob;
import io.emostream.model.DjlEngine;
import io.emostream.model.bundle.ClipModels;
import io.emostream.model.bundle.FrameEncodingClipModel;
import io.emostream.model.faceapi.FaceApiModels;
import io.emostream.model.image.RgbFrame;
import io.emostream.model.image.RgbImage;
import io.emostream.model.nn.FaceFeatureExtractor;
import io.emostream.model.sample.SampleFrames;
import io.emostream.model.translate.FaceDetection;
import io.emostream.model.translate.FaceExpressionTranslator;
import io.emostream.model.translate.TinyFaceDetectorTranslator;
import io.emostream.schemas.codec.AvroCodec;
import io.emostream.schemas.event.ConsentScope;
import io.emostream.schemas.event.FaceBox;
import io.emostream.schemas.event.FrameEncoding;
import io.emostream.schemas.event.FrameEvent;
import io.emostream.schemas.event.StreamConsent;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;

/**
 * Where a frame's CPU time goes in the scoring job: each stage's own cost, one thread, on the
 * sample frames (512×512 JPEG, one face, edge boxes), in milliseconds per frame. Stages as the job
 * runs them: Avro encode (feed) + decode (job), JPEG decode to RGB bytes, bytes → float image, crop
 * + per-frame encoder (including the Java preprocessing) at the job's batch size, and the temporal
 * head per clip (shared by the frames of a clip's stride). Kafka, Flink's record handling and
 * watermark waits are what the pipeline figure has beyond their sum.
 */
public final class PipelineStageCosts {
  /**
   * Not a stage: the job's own call, which does preprocessing and forward together; should match
   * their sum.
   */
  public static final String CHECK =
      "(check, not summed) ClipModel.encodeFrames = preprocess + forward as the job calls it";

  private PipelineStageCosts() {}

  /** Stage → median ms per frame over {@code rounds} timed rounds. */
  public static Map<String, Double> measure(int batch, int clipFrames, int clipStride, int rounds)
      throws Exception {
    DjlEngine.setCpuThreads(1); // every stage on one thread, the forward pass too
    List<byte[]> jpegs = SampleFrames.jpegLoop(batch, 0, 0.85f);
    List<List<FaceBox>> boxes = EdgeDetector.detect(List.of(jpegs)).get(0);
    AvroCodec<FrameEvent> codec = AvroCodec.of(FrameEvent.class);
    List<FrameEvent> events = new ArrayList<>();
    for (int i = 0; i < jpegs.size(); i++) {
      events.add(
          FrameEvent.newBuilder()
              .setCameraId("stage-cam")
              .setSequence(i)
              .setCaptureTime(Instant.now())
              .setWidth(SampleFrames.SIDE)
              .setHeight(SampleFrames.SIDE)
              .setEncoding(FrameEncoding.JPEG)
              .setPayload(ByteBuffer.wrap(jpegs.get(i)))
              .setFaces(boxes.get(i))
              .setConsent(new StreamConsent(ConsentScope.ANALYTICS, "benchmark"))
              .build());
    }
    FrameImageDecoder decoder =
        ScoringJob.frameDecoder(new Configuration()); // the job's decoder at its default limits
    Map<String, double[]> samples = new LinkedHashMap<>();
    String[] stages = {
      "avro encode + decode",
      "checks + jpeg decode -> rgb bytes (ffmpeg)",
      "box checks + face crops -> float images",
      "preprocess (pad, resize, normalise)",
      "encoder forward, prepared batch",
      "temporal head (per frame share)",
      CHECK
    };
    for (String s : stages) {
      samples.put(s, new double[rounds]);
    }
    try (FfmpegJpegDecoder fast = new FfmpegJpegDecoder();
        FrameEncodingClipModel model = new ModelSource(null, "cpu").frameEncoder();
        Model raw = ClipModels.builtInExpressionNet(Device.cpu())) {
      for (int r = -1; r < rounds; r++) { // round -1 warms up
        long t0 = System.nanoTime();
        List<FrameEvent> decoded = new ArrayList<>();
        for (FrameEvent e : events) {
          decoded.add(codec.decode(codec.encode(e)));
        }
        long t1 = System.nanoTime();
        List<RgbFrame> images = new ArrayList<>();
        for (FrameEvent e : decoded) {
          // as admission does: the header checks (format, size, completeness) are part of decode
          images.add(decoder.decode(e, decoder.payload(e), fast));
        }
        long t2 = System.nanoTime();
        List<RgbImage> crops = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
          crops.addAll(
              FaceEncodingFunction.cropFaces(
                  images.get(i), EdgeFaceBoxes.of(decoded.get(i), 32), new ArrayList<>()));
        }
        long t3 = System.nanoTime();
        int side = FaceFeatureExtractor.INPUT_SIZE;
        float[] prepared = new float[crops.size() * side * side * 3];
        for (int i = 0; i < crops.size(); i++) {
          System.arraycopy(
              FaceExpressionTranslator.preprocess(crops.get(i)),
              0,
              prepared,
              i * side * side * 3,
              side * side * 3);
        }
        long t4 = System.nanoTime();
        try (NDManager m = raw.getNDManager().newSubManager()) {
          NDArray x = m.create(prepared, new Shape(crops.size(), side, side, 3));
          raw.getBlock()
              .forward(new ParameterStore(m, false), new NDList(x), false)
              .singletonOrThrow()
              .toFloatArray();
        }
        long t5 = System.nanoTime();
        List<float[]> features = model.encodeFrames(crops);
        long t6 = System.nanoTime();
        List<List<float[]>> clips = new ArrayList<>();
        int clipCount = Math.max(1, images.size() / clipStride);
        for (int k = 0; k < clipCount; k++) {
          List<float[]> clip = new ArrayList<>();
          for (int f = 0; f < clipFrames; f++) {
            clip.add(features.get(f % features.size()));
          }
          clips.add(clip);
        }
        model.scoreFeatures(clips);
        long t7 = System.nanoTime();
        if (r >= 0) {
          long[] spans = {t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t7 - t6, t6 - t5};
          for (int s = 0; s < stages.length; s++) {
            samples.get(stages[s])[r] = spans[s] / 1e6 / images.size();
          }
        }
      }
    }
    Map<String, Double> out = new LinkedHashMap<>();
    samples.forEach(
        (stage, v) -> {
          double[] sorted = v.clone();
          Arrays.sort(sorted);
          out.put(stage, sorted[sorted.length / 2]);
        });
    return out;
  }

  /** What finding faces costs when frames come without edge boxes, ms on one thread. */
  public record DetectionCosts(
      int inputSize, double fullFrameMs, int relocaliseSize, double relocaliseMs, int interval) {
    /**
     * Per frame with one face: a full-frame detection every interval-th frame, a re-localisation on
     * the others.
     */
    public double perFrameMs() {
      double keyShare = 1.0 / interval;
      return keyShare * fullFrameMs + (1 - keyShare) * relocaliseMs;
    }
  }

  /**
   * The detection path's stages on the sample frames, each batched as the job batches them: the
   * full-frame detector at {@code inputSize} over {@code batch} frames, and re-localisation at
   * {@code relocaliseSize} over squares twice the size of each frame's face.
   */
  public static DetectionCosts detection(
      int batch, int inputSize, int relocaliseSize, int interval, int rounds) throws Exception {
    DjlEngine.setCpuThreads(1);
    List<byte[]> jpegs = SampleFrames.jpegLoop(batch, 0, 0.85f);
    List<List<FaceBox>> boxes = EdgeDetector.detect(List.of(jpegs)).get(0);
    List<RgbImage> frames = new ArrayList<>();
    List<RgbImage> squares = new ArrayList<>();
    try (FfmpegJpegDecoder jpeg = new FfmpegJpegDecoder()) {
      for (int i = 0; i < jpegs.size(); i++) {
        RgbFrame pixels = jpeg.decode(jpegs.get(i), 4096);
        frames.add(pixels.toImage());
        for (FaceBox b : boxes.get(i)) {
          int side = (int) Math.min(2 * Math.max(b.getWidth(), b.getHeight()), pixels.width());
          int x =
              (int)
                  Math.max(
                      0, Math.min(b.getX() + b.getWidth() / 2 - side / 2.0, pixels.width() - side));
          int y =
              (int)
                  Math.max(
                      0,
                      Math.min(b.getY() + b.getHeight() / 2 - side / 2.0, pixels.height() - side));
          squares.add(pixels.crop(x, y, side, side));
        }
      }
    }
    double[] full = new double[rounds];
    double[] local = new double[rounds];
    try (Model model = FaceApiModels.tinyFaceDetector(Device.cpu());
        Predictor<RgbImage, List<FaceDetection>> whole =
            model.newPredictor(new TinyFaceDetectorTranslator(inputSize, 0.5));
        Predictor<RgbImage, List<FaceDetection>> around =
            model.newPredictor(new TinyFaceDetectorTranslator(relocaliseSize, 0.5))) {
      for (int r = -1; r < rounds; r++) { // round -1 warms up
        long t0 = System.nanoTime();
        whole.batchPredict(frames);
        long t1 = System.nanoTime();
        around.batchPredict(squares);
        long t2 = System.nanoTime();
        if (r >= 0) {
          full[r] = (t1 - t0) / 1e6 / frames.size();
          local[r] = (t2 - t1) / 1e6 / frames.size();
        }
      }
    }
    Arrays.sort(full);
    Arrays.sort(local);
    return new DetectionCosts(
        inputSize, full[rounds / 2], relocaliseSize, local[rounds / 2], interval);
  }
}
