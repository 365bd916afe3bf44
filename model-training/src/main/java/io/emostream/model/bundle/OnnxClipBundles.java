package io.emostream.model.bundle;

import ai.djl.Device;
import ai.djl.Model;
import ai.onnx.proto.OnnxMl.ModelProto;
import io.emostream.model.faceapi.FaceApiModels;
import io.emostream.model.nn.FaceExpressionNet;
import io.emostream.model.nn.FaceFeatureExtractor;
import io.emostream.model.nn.TemporalClipNet;
import io.emostream.model.onnx.OnnxExport;
import io.emostream.model.tfjs.TfjsWeightsException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Writes a bundle's model as an {@code onnx-clip} bundle: one ONNX graph taking whole clips, for
 * ONNX Runtime anywhere (this job, a GPU host with TensorRT, another language). The new bundle
 * names the source as its parent and carries no metrics: it was not evaluated.
 */
public final class OnnxClipBundles {
  private OnnxClipBundles() {}

  public static ModelBundle export(ModelBundle source, Path directory, String version)
      throws IOException, BundleException {
    BundleManifest m = source.manifest();
    ModelProto graph;
    OutputKind output;
    switch (m.architecture()) {
      case ClipModels.FACE_API_FRAME_AVERAGE -> {
        if (m.input().size() != FaceFeatureExtractor.INPUT_SIZE) {
          throw new BundleException(
              source.location()
                  + ": face-api bundles take 112-pixel crops, not "
                  + m.input().size());
        }
        try (Model torch =
            FaceApiModels.expression(
                Device.cpu(), source.tfjsWeights(FaceApiModels.EXPRESSION_MANIFEST))) {
          graph =
              OnnxExport.frameAveragingClip(
                  (FaceExpressionNet) torch.getBlock(), m.input().frames());
        } catch (TfjsWeightsException e) {
          throw new BundleException(source.location() + ": " + e.getMessage(), e);
        }
        output = OutputKind.PROBABILITIES;
      }
      case ClipModels.TEMPORAL_CLIP -> {
        try (Model torch = TemporalClipModel.loadNet(source, Device.cpu())) {
          graph =
              OnnxExport.temporalClip(
                  (TemporalClipNet) torch.getBlock(), m.input().frames(), m.input().size());
        }
        output = OutputKind.LOGITS;
      }
      case ClipModels.ONNX ->
          throw new BundleException(source.location() + " is an ONNX bundle already");
      default ->
          throw new BundleException(
              source.location()
                  + ": "
                  + m.architecture()
                  + " bundles cannot be exported here (a TorchScript model exports from PyTorch,"
                  + " with torch.onnx.export)");
    }
    BundleManifest manifest =
        new BundleManifest(
            BundleManifest.FORMAT,
            ClipModels.ONNX,
            version,
            m.input(),
            output,
            BundleManifest.CLASSES,
            List.of(),
            null,
            m.version(),
            Instant.now().toString(),
            null);
    return ModelBundle.create(
        directory, manifest, Map.of(WholeClipModel.ONNX_FILE, graph.toByteArray()));
  }
}
