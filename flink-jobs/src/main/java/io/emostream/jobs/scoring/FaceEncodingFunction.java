package io.emostream.jobs.scoring;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import io.emostream.jobs.batch.BatchFunction;
import io.emostream.jobs.io.DeadLetters;
import io.emostream.jobs.io.KafkaRecordBytes;
import io.emostream.schemas.codec.AvroCodec;
import io.emostream.schemas.event.DeadLetter;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.metrics.Gauge;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import io.emostream.jobs.frames.DecodedFrame;
import io.emostream.model.DjlEngine;
import io.emostream.model.bundle.ClipModel;
import io.emostream.model.bundle.FrameEncodingClipModel;
import io.emostream.model.bundle.WholeClipFrameEncoding;
import io.emostream.model.faceapi.FaceApiModels;
import io.emostream.model.image.RgbImage;
import io.emostream.model.translate.FaceDetection;
import io.emostream.model.translate.TinyFaceDetectorTranslator;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * Per micro-batch of frames: finds faces (TinyFaceDetector, batched across frames) in frames that
 * came without edge boxes, crops them, and encodes every crop once with the clip model's per-frame
 * encoder (batched across all faces of all cameras in the batch). With a {@link ReleaseFeed} it
 * hot-swaps to each newly released model between batches (see {@link ModelReleaseWatcher}).
 */
public final class FaceEncodingFunction implements BatchFunction<DecodedFrame, FrameFaces> {
  private static final long serialVersionUID = 1L;
  private static final AvroCodec<DeadLetter> DEAD_LETTERS = AvroCodec.of(DeadLetter.class);

  private final ModelSource models;
  private final int detectorInputSize;
  private final double detectorScoreThreshold;
  private final ReleaseFeed releases;

  private transient Model detectorModel;
  private transient Predictor<RgbImage, List<FaceDetection>> detector;
  private transient FrameEncodingClipModel encoder;
  private transient String encoderBundle;
  private transient ModelReleaseWatcher watcher;
  private transient KafkaProducer<byte[], byte[]> rejections;
  private transient Counter facesDetected;
  private transient Counter modelSwaps;
  private transient MetricGroup metrics;
  /** model_in_use{model_version=V}: 1 for the serving model, 0 for models it replaced. */
  private transient Map<String, AtomicInteger> inUse;

  /** @param releases the model-releases feed to hot-swap from, or null to serve one model */
  public FaceEncodingFunction(ModelSource models, int detectorInputSize, double detectorScoreThreshold, ReleaseFeed releases) {
    this.models = models;
    this.detectorInputSize = detectorInputSize;
    this.detectorScoreThreshold = detectorScoreThreshold;
    this.releases = releases;
  }

  @Override
  public void open(Context context) throws Exception {
    models.configureCpuThreads(context.taskSlots());
    Device device = DjlEngine.device(models.device());
    detectorModel = FaceApiModels.tinyFaceDetector(device);
    detector = detectorModel.newPredictor(new TinyFaceDetectorTranslator(detectorInputSize, detectorScoreThreshold));
    encoder = models.frameEncoder();
    encoderBundle = models.bundleDir();
    MetricGroup group = context.metrics().addGroup("emostream");
    metrics = group;
    inUse = new HashMap<>();
    markInUse(encoder.version());
    facesDetected = group.counter("faces_detected");
    modelSwaps = group.counter("model_swaps");
    Counter rejected = group.counter("model_releases_rejected");
    if (releases != null) {
      if (context.subtaskIndex() == 0) { // one report per rejected release, not one per subtask
        Properties props = new Properties();
        props.putAll(releases.clientProperties());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, releases.bootstrapServers());
        rejections = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
      }
      watcher = new ModelReleaseWatcher(releases.bootstrapServers(), releases.clientProperties(), releases.releasesTopic(), models.device(),
          (record, reason, detail) -> {
            rejected.inc();
            if (rejections != null) {
              KafkaRecordBytes source = new KafkaRecordBytes(record.topic(), record.partition(), record.offset(), record.timestamp(), record.key(), record.value());
              DeadLetter letter = DeadLetters.of(source, reason, detail, "scoring/model-releases");
              rejections.send(new ProducerRecord<>(releases.deadLettersTopic(), DeadLetters.key(letter), DEAD_LETTERS.encode(letter)));
              rejections.flush();
            }
          });
    }
  }

  /** Between batches: serve the newest accepted release, if one arrived. */
  private void swapIfReleased() {
    ModelReleaseWatcher.Accepted next = watcher == null ? null : watcher.takeAccepted();
    if (next != null) {
      FrameEncodingClipModel old = encoder;
      encoder = next.model();
      encoderBundle = next.bundleDir();
      inUse.get(old.version()).set(0);
      markInUse(encoder.version());
      old.close();
      modelSwaps.inc();
    }
  }

  private void markInUse(String version) {
    inUse.computeIfAbsent(version, v -> {
      AtomicInteger value = new AtomicInteger();
      metrics.addGroup("model_version", v).gauge("model_in_use", (Gauge<Integer>) value::get);
      return value;
    }).set(1);
  }

  @Override
  public List<FrameFaces> apply(List<DecodedFrame> frames) throws Exception {
    swapIfReleased();
    List<RgbImage> toDetect = new ArrayList<>();
    for (DecodedFrame f : frames) {
      if (f.edgeFaces == null) {
        toDetect.add(rgb(f)); // only the detector needs the whole frame as floats
      }
    }
    List<List<FaceDetection>> detected = toDetect.isEmpty() ? List.of() : detector.batchPredict(toDetect);
    List<List<FaceDetection>> boxes = new ArrayList<>(frames.size());
    List<RgbImage> crops = new ArrayList<>();
    int next = 0;
    for (int i = 0; i < frames.size(); i++) {
      DecodedFrame f = frames.get(i);
      List<FaceDetection> candidates = f.edgeFaces == null ? detected.get(next++) : edge(f.edgeFaces);
      List<FaceDetection> kept = new ArrayList<>();
      for (FaceDetection d : candidates) {
        int[] r = d.cropRect(f.width, f.height);
        if (r[2] > 0 && r[3] > 0) {
          crops.add(RgbImage.cropOf(f.width, f.height, f.rgb, r[0], r[1], r[2], r[3]));
          kept.add(d);
        }
      }
      boxes.add(kept);
    }
    List<float[]> features = encoder.encodeFrames(crops); // each crop once, one batch
    facesDetected.inc(crops.size());
    List<FrameFaces> out = new ArrayList<>(frames.size());
    int at = 0;
    for (int i = 0; i < frames.size(); i++) {
      DecodedFrame f = frames.get(i);
      FrameFaces result = new FrameFaces();
      result.cameraId = f.cameraId;
      result.sessionId = f.sessionId;
      result.sequence = f.sequence;
      result.captureTimeMillis = f.captureTimeMillis;
      result.modelVersion = encoder.version();
      result.modelBundle = encoderBundle;
      result.faces = new FaceObservation[boxes.get(i).size()];
      for (int j = 0; j < result.faces.length; j++) {
        FaceDetection d = boxes.get(i).get(j);
        result.faces[j] = new FaceObservation(d.x(), d.y(), d.width(), d.height(), d.score(), features.get(at++));
      }
      out.add(result);
    }
    return out;
  }

  private static RgbImage rgb(DecodedFrame f) {
    return RgbImage.of(f.width, f.height, f.rgb);
  }

  private static List<FaceDetection> edge(float[] q) {
    List<FaceDetection> faces = new ArrayList<>(q.length / 5);
    for (int i = 0; i + 4 < q.length; i += 5) {
      faces.add(new FaceDetection(q[i], q[i + 1], q[i + 2], q[i + 3], q[i + 4]));
    }
    return faces;
  }

  @Override
  public void close() throws Exception {
    if (watcher != null) {
      watcher.close();
    }
    if (rejections != null) {
      rejections.close();
    }
    if (detector != null) {
      detector.close();
      detectorModel.close();
    }
    if (encoder != null) {
      encoder.close();
    }
  }

}
