package io.emostream.model.faceapi;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import io.emostream.model.nn.DenseBlock;
import io.emostream.model.nn.FaceExpressionNet;
import io.emostream.model.nn.FaceFeatureExtractor;
import io.emostream.model.nn.SeparableConv;
import io.emostream.model.nn.TfConv2d;
import io.emostream.model.nn.TinyFaceDetectorNet;
import io.emostream.model.tfjs.TfjsTensor;
import io.emostream.model.tfjs.TfjsWeights;
import io.emostream.model.tfjs.TfjsWeightsException;
import java.nio.FloatBuffer;

/**
 * Copies face-api's TF.js tensors into the DJL blocks, converting layouts: convolutions HWIO →
 * OIHW, depthwise [kh, kw, in, 1] → [in, 1, kh, kw]. The blocks must be initialized first.
 */
public final class FaceApiWeights {
  private FaceApiWeights() {}

  public static void load(FaceExpressionNet net, TfjsWeights w) throws TfjsWeightsException {
    loadExtractor(net.extractor(), w);
    set(net.fcWeights(), w.get("fc/weights", 256, 7).values());
    set(net.fcBias(), w.get("fc/bias", 7).values());
  }

  /** The feature extractor alone: how trainable clip models start from the pretrained encoder. */
  public static void loadExtractor(FaceFeatureExtractor extractor, TfjsWeights w)
      throws TfjsWeightsException {
    int[] channels = {3, 32, 64, 128, 256};
    for (int d = 0; d < 4; d++) {
      DenseBlock block = extractor.dense(d);
      int in = channels[d];
      int out = channels[d + 1];
      String prefix = "dense" + d + "/conv";
      if (d == 0) {
        conv((TfConv2d) block.conv(0), w, prefix + "0", 3, in, out);
      } else {
        separable((SeparableConv) block.conv(0), w, prefix + "0", in, out);
      }
      for (int c = 1; c < 4; c++) {
        separable((SeparableConv) block.conv(c), w, prefix + c, out, out);
      }
    }
  }

  public static void load(TinyFaceDetectorNet net, TfjsWeights w) throws TfjsWeightsException {
    conv(net.conv0(), w, "conv0", 3, 3, 16);
    int[] channels = {16, 32, 64, 128, 256, 512};
    for (int i = 0; i < 5; i++) {
      separable(net.separable(i), w, "conv" + (i + 1), channels[i], channels[i + 1]);
    }
    conv(net.conv8(), w, "conv8", 1, 512, 25);
  }

  private static void conv(TfConv2d conv, TfjsWeights w, String name, int k, int in, int out)
      throws TfjsWeightsException {
    set(conv.filters(), hwioToOihw(w.get(name + "/filters", k, k, in, out), k, in, out));
    set(conv.bias(), w.get(name + "/bias", out).values());
  }

  private static void separable(SeparableConv conv, TfjsWeights w, String name, int in, int out)
      throws TfjsWeightsException {
    TfjsTensor dw = w.get(name + "/depthwise_filter", 3, 3, in, 1);
    float[] depthwise = new float[in * 9];
    for (int y = 0; y < 3; y++) {
      for (int x = 0; x < 3; x++) {
        for (int c = 0; c < in; c++) {
          depthwise[c * 9 + y * 3 + x] = dw.values()[(y * 3 + x) * in + c];
        }
      }
    }
    set(conv.depthwise(), depthwise);
    set(conv.pointwise(), hwioToOihw(w.get(name + "/pointwise_filter", 1, 1, in, out), 1, in, out));
    set(conv.bias(), w.get(name + "/bias", out).values());
  }

  private static float[] hwioToOihw(TfjsTensor t, int k, int in, int out) {
    float[] v = t.values();
    float[] oihw = new float[v.length];
    for (int y = 0; y < k; y++) {
      for (int x = 0; x < k; x++) {
        for (int i = 0; i < in; i++) {
          for (int o = 0; o < out; o++) {
            oihw[((o * in + i) * k + y) * k + x] = v[((y * k + x) * in + i) * out + o];
          }
        }
      }
    }
    return oihw;
  }

  private static void set(Parameter p, float[] values) {
    Shape shape = p.getArray().getShape();
    if (shape.size() != values.length) {
      throw new IllegalStateException(
          p.getName() + " holds " + shape.size() + " values, got " + values.length);
    }
    p.getArray().set(FloatBuffer.wrap(values));
  }
}
