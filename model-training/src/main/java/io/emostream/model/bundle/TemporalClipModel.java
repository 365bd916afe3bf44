package io.emostream.model.bundle;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl.ModelProto;
import io.emostream.model.DjlEngine;
import io.emostream.model.image.RgbImage;
import io.emostream.model.nn.FaceExpressionNet;
import io.emostream.model.nn.FaceFeatureExtractor;
import io.emostream.model.nn.TemporalClipNet;
import io.emostream.model.onnx.OnnxExport;
import io.emostream.model.onnx.OnnxRuntimeModels;
import io.emostream.model.onnx.OnnxRuntimeSettings;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A trained {@link TemporalClipNet} from a bundle ({@code architecture: emostream-temporal-clip},
 * file {@value #FILE} in DJL's parameter format, option {@code hidden}). Encodes each crop once;
 * the temporal head scores clips from cached features, resampled to the bundle's T frames. Runs on
 * PyTorch as trained, or on ONNX Runtime as two graphs exported from the same parameters.
 */
public final class TemporalClipModel implements FrameEncodingClipModel {
  public static final String FILE = "temporal_clip.params";
  public static final String HIDDEN = "hidden";

  private final String version;
  private final InputSpec input;
  private final List<Model> models;
  private final TensorStage encoder;
  private final TensorStage head;

  private TemporalClipModel(
      String version, InputSpec input, List<Model> models, TensorStage encoder, TensorStage head) {
    this.version = version;
    this.input = input;
    this.models = models;
    this.encoder = encoder;
    this.head = head;
  }

  static TemporalClipModel load(ModelBundle bundle, Device device) throws BundleException {
    BundleManifest m = bundle.manifest();
    Model model = loadNet(bundle, device);
    TemporalClipNet net = (TemporalClipNet) model.getBlock();
    return new TemporalClipModel(
        m.version(),
        m.input(),
        List.of(model),
        TensorStage.of(model.getNDManager(), net.encoder()),
        new TensorStage(model.getNDManager(), (ps, x) -> net.head(ps, x, false).softmax(1)));
  }

  /**
   * On ONNX Runtime: the encoder and the head exported in memory from the bundle's verified
   * parameters (nothing written to disk that could be swapped), each loaded as its own session.
   */
  static TemporalClipModel onOnnxRuntime(ModelBundle bundle, OnnxRuntimeSettings settings)
      throws BundleException {
    BundleManifest m = bundle.manifest();
    ModelProto encoderGraph;
    ModelProto headGraph;
    try (Model model = loadNet(bundle, Device.cpu())) {
      TemporalClipNet net = (TemporalClipNet) model.getBlock();
      encoderGraph = OnnxExport.temporalEncoder(net, m.input().size());
      headGraph = OnnxExport.temporalHead(net);
    }
    List<Model> models = new ArrayList<>();
    try {
      models.add(
          OnnxRuntimeModels.load(encoderGraph.toByteArray(), m.version() + "-encoder", settings));
      models.add(OnnxRuntimeModels.load(headGraph.toByteArray(), m.version() + "-head", settings));
    } catch (IOException | MalformedModelException | RuntimeException e) {
      models.forEach(Model::close);
      throw new BundleException(
          bundle.location() + ": cannot run on ONNX Runtime: " + e.getMessage(), e);
    }
    return new TemporalClipModel(
        m.version(),
        m.input(),
        List.copyOf(models),
        TensorStage.of(models.get(0).getNDManager(), models.get(0).getBlock()),
        TensorStage.of(models.get(1).getNDManager(), models.get(1).getBlock()));
  }

  static Model loadNet(ModelBundle bundle, Device device) throws BundleException {
    BundleManifest m = bundle.manifest();
    TemporalClipNet net = new TemporalClipNet(m.option(HIDDEN, 128), 0f);
    DjlEngine.pytorch();
    Model model = Model.newInstance(m.version(), device, DjlEngine.NAME);
    try {
      model.setBlock(net);
      net.initialize(
          model.getNDManager(),
          DataType.FLOAT32,
          new Shape(1, m.input().frames(), m.input().size(), m.input().size(), 3));
      net.loadParameters(
          model.getNDManager(), new DataInputStream(new ByteArrayInputStream(bundle.file(FILE))));
      return model;
    } catch (IOException | MalformedModelException | RuntimeException e) {
      model.close();
      throw new BundleException(
          bundle.location()
              + "/"
              + FILE
              + " does not hold this architecture's parameters: "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public InputSpec input() {
    return input;
  }

  @Override
  public List<float[]> encodeFrames(List<RgbImage> crops) throws ModelException {
    if (crops.isEmpty()) {
      return List.of();
    }
    int s = input.size();
    try {
      return Arrays.asList(
          encoder.run(
              ClipInputs.frames(crops, input),
              new Shape(crops.size(), s, s, 3),
              FaceFeatureExtractor.FEATURES));
    } catch (RuntimeException e) {
      throw new ModelException(
          "temporal clip encoder failed on " + crops.size() + " crops: " + e.getMessage(), e);
    }
  }

  @Override
  public List<float[]> scoreFeatures(List<List<float[]>> clips) throws ModelException {
    if (clips.isEmpty()) {
      return List.of();
    }
    int t = input.frames();
    int f = FaceFeatureExtractor.FEATURES;
    float[] batch = new float[clips.size() * t * f];
    int at = 0;
    for (List<float[]> clip : clips) {
      if (clip.isEmpty()) {
        throw new IllegalArgumentException("a clip needs at least one frame");
      }
      for (int i = 0; i < t; i++) { // nearest-index resampling to T, as in training
        System.arraycopy(clip.get((int) ((long) i * clip.size() / t)), 0, batch, at, f);
        at += f;
      }
    }
    try {
      return Arrays.asList(
          head.run(batch, new Shape(clips.size(), t, f), FaceExpressionNet.CLASSES));
    } catch (RuntimeException e) {
      throw new ModelException(
          "temporal head failed on " + clips.size() + " clips: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    models.forEach(Model::close);
  }
}
