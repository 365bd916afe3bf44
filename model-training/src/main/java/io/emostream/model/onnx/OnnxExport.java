package io.emostream.model.onnx;

import static io.emostream.model.onnx.OnnxGraph.integer;
import static io.emostream.model.onnx.OnnxGraph.ints;
import static io.emostream.model.onnx.OnnxGraph.string;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.onnx.proto.OnnxMl.ModelProto;
import io.emostream.model.nn.DenseBlock;
import io.emostream.model.nn.FaceExpressionNet;
import io.emostream.model.nn.FaceFeatureExtractor;
import io.emostream.model.nn.SeparableConv;
import io.emostream.model.nn.TemporalClipNet;
import io.emostream.model.nn.TfConv2d;
import io.emostream.model.nn.TinyFaceDetectorNet;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shipped networks as ONNX models (opset {@value OnnxGraph#OPSET}, float32, dynamic batch),
 * written from the same parameters the DJL blocks hold, op for op:
 *
 * <ul>
 *   <li>{@link #expression}: input {@code image [batch, 112, 112, 3]} (NHWC, normalised as for the
 *       DJL block), output {@code logits [batch, 7]};
 *   <li>{@link #frameAveragingClip}: the built-in clip model whole, {@code clips [batch, frames,
 *       112, 112, 3]} → {@code probabilities [batch, 7]};
 *   <li>{@link #temporalEncoder} and {@link #temporalHead}: a trained temporal clip model in the
 *       two parts the scoring job runs (frames encoded once, clips scored from cached features);
 *       {@link #temporalClip} the same model whole ({@code clips} → {@code logits [batch, 7]}), as
 *       an {@code onnx-clip} bundle carries it;
 *   <li>{@link #tinyFaceDetector}: input {@code image [batch, size, size, 3]} (size a multiple of
 *       32), output {@code head [batch, size/32, size/32, 25]}, the raw YOLO head.
 * </ul>
 *
 * TF's 'same' padding is ONNX's {@code auto_pad = SAME_UPPER} (the odd pixel after), and sums keep
 * face-api's association, so results match the DJL blocks to float rounding.
 */
public final class OnnxExport {
  private static final float LEAKY_ALPHA = 0.1f;
  private static final String CLASS_ORDER = "(neutral, happy, sad, angry, fear, disgust, surprise)";

  private OnnxExport() {}

  public static ModelProto expression(FaceExpressionNet net) {
    OnnxGraph g = new OnnxGraph("face_expression_net");
    int size = FaceFeatureExtractor.INPUT_SIZE;
    String x = g.input("image", "batch", (long) size, (long) size, 3L);
    g.output(expressionLogits(g, net, x), "logits", "batch", (long) FaceExpressionNet.CLASSES);
    return g.model(
        "face-api FaceExpressionNet: image [batch,112,112,3] NHWC -> logits [batch,7] "
            + CLASS_ORDER);
  }

  /**
   * face-api's frame-averaging clip model as one graph: {@code clips [batch, frames, 112, 112, 3]}
   * → {@code probabilities [batch, 7]}, the mean over frames of each frame's softmax.
   */
  public static ModelProto frameAveragingClip(FaceExpressionNet net, int frames) {
    OnnxGraph g = new OnnxGraph("face_api_frame_average");
    long size = FaceFeatureExtractor.INPUT_SIZE;
    String clips = g.input("clips", "batch", (long) frames, size, size, 3L);
    String images =
        g.node("Reshape", new String[] {clips, g.longs("image_shape", -1, size, size, 3)});
    String p =
        g.node("Softmax", new String[] {expressionLogits(g, net, images)}, integer("axis", 1));
    String perClip =
        g.node(
            "Reshape",
            new String[] {p, g.longs("clip_shape", -1, frames, FaceExpressionNet.CLASSES)});
    String mean =
        g.node("ReduceMean", new String[] {perClip}, ints("axes", 1), integer("keepdims", 0));
    g.output(mean, "probabilities", "batch", (long) FaceExpressionNet.CLASSES);
    return g.model(
        "face-api FaceExpressionNet averaged over frames: clips [batch,"
            + frames
            + ",112,112,3] NTHWC -> probabilities [batch,7] "
            + CLASS_ORDER);
  }

  /**
   * A temporal clip model's frame encoder: {@code image [batch, size, size, 3]} → {@code features
   * [batch, 256]}.
   */
  public static ModelProto temporalEncoder(TemporalClipNet net, int size) {
    OnnxGraph g = new OnnxGraph("temporal_clip_encoder");
    String x = g.input("image", "batch", (long) size, (long) size, 3L);
    g.output(
        features(g, net.encoder(), x), "features", "batch", (long) FaceFeatureExtractor.FEATURES);
    return g.model(
        "EmoStream temporal clip encoder: image [batch,"
            + size
            + ","
            + size
            + ",3] NHWC -> features [batch,256]");
  }

  /**
   * A temporal clip model's head: {@code features [batch, frames, 256]} → {@code probabilities
   * [batch, 7]} (softmax of the logits). The frame count is symbolic; the job feeds the bundle's.
   */
  public static ModelProto temporalHead(TemporalClipNet net) {
    OnnxGraph g = new OnnxGraph("temporal_clip_head");
    String x = g.input("features", "batch", "frames", (long) FaceFeatureExtractor.FEATURES);
    String p = g.node("Softmax", new String[] {head(g, net, x)}, integer("axis", 1));
    g.output(p, "probabilities", "batch", (long) FaceExpressionNet.CLASSES);
    return g.model(
        "EmoStream temporal clip head: features [batch,frames,256] -> probabilities [batch,7] "
            + CLASS_ORDER);
  }

  /**
   * A whole temporal clip model, the {@code onnx-clip} bundle contract: {@code clips [batch,
   * frames, size, size, 3]} → {@code logits [batch, 7]}.
   */
  public static ModelProto temporalClip(TemporalClipNet net, int frames, int size) {
    OnnxGraph g = new OnnxGraph("temporal_clip");
    String clips = g.input("clips", "batch", (long) frames, (long) size, (long) size, 3L);
    String images =
        g.node("Reshape", new String[] {clips, g.longs("image_shape", -1, size, size, 3)});
    String perFrame = features(g, net.encoder(), images);
    String perClip =
        g.node(
            "Reshape",
            new String[] {
              perFrame, g.longs("clip_shape", -1, frames, FaceFeatureExtractor.FEATURES)
            });
    g.output(head(g, net, perClip), "logits", "batch", (long) FaceExpressionNet.CLASSES);
    return g.model(
        "EmoStream temporal clip model: clips [batch,"
            + frames
            + ","
            + size
            + ","
            + size
            + ",3] NTHWC -> logits [batch,7] "
            + CLASS_ORDER);
  }

  private static String expressionLogits(OnnxGraph g, FaceExpressionNet net, String images) {
    return g.node(
        "Add",
        new String[] {
          g.node(
              "MatMul",
              new String[] {
                features(g, net.extractor(), images), g.weight("fc_weights", net.fcWeights())
              }),
          g.weight("fc_bias", net.fcBias())
        });
  }

  /** FaceFeatureExtractor: NHWC images → {@code [batch, 256]}, the spatial mean of the last map. */
  private static String features(OnnxGraph g, FaceFeatureExtractor extractor, String images) {
    String x = g.node("Transpose", new String[] {images}, ints("perm", 0, 3, 1, 2));
    for (int i = 0; i < 4; i++) {
      x = dense(g, "dense" + i, extractor.dense(i), x);
    }
    return g.node("ReduceMean", new String[] {x}, ints("axes", 2, 3), integer("keepdims", 0));
  }

  /**
   * TemporalClipNet's head, as {@link TemporalClipNet#head} computes it: relu(projection), a
   * residual relu(conv1d k=3), softmax attention over time, weighted sum, classifier.
   */
  private static String head(OnnxGraph g, TemporalClipNet net, String features) {
    String h = relu(g, linear(g, "projection", net.headLayer("projection"), features));
    Block temporal = net.headLayer("temporal");
    String conv =
        g.node(
            "Conv",
            new String[] {
              g.node("Transpose", new String[] {h}, ints("perm", 0, 2, 1)),
              g.weight("temporal.weight", param(temporal, "weight")),
              g.weight("temporal.bias", param(temporal, "bias"))
            },
            ints("kernel_shape", 3),
            ints("pads", 1, 1));
    String mixed =
        add(g, h, g.node("Transpose", new String[] {relu(g, conv)}, ints("perm", 0, 2, 1)));
    String weights =
        g.node(
            "Softmax",
            new String[] {linear(g, "attention", net.headLayer("attention"), mixed)},
            integer("axis", 1));
    String pooled =
        g.node(
            "ReduceSum",
            new String[] {g.node("Mul", new String[] {mixed, weights}), g.longs("time_axis", 1)},
            integer("keepdims", 0));
    return linear(g, "classifier", net.headLayer("classifier"), pooled);
  }

  /** DJL's Linear ({@code x·wᵀ + b}) on the last axis of x. */
  private static String linear(OnnxGraph g, String name, Block layer, String x) {
    return add(
        g,
        g.node(
            "MatMul",
            new String[] {x, g.weightTransposed(name + ".weight", param(layer, "weight"))}),
        g.weight(name + ".bias", param(layer, "bias")));
  }

  private static Parameter param(Block layer, String name) {
    return layer.getParameters().get(name);
  }

  public static ModelProto tinyFaceDetector(TinyFaceDetectorNet net) {
    OnnxGraph g = new OnnxGraph("tiny_face_detector");
    String x = g.input("image", "batch", "size", "size", 3L);
    x = g.node("Transpose", new String[] {x}, ints("perm", 0, 3, 1, 2));
    x = leakyRelu(g, conv(g, "conv0", net.conv0(), x));
    for (int i = 0; i < 5; i++) {
      x = maxPoolSame(g, x, 2);
      x = leakyRelu(g, separable(g, "conv" + (i + 1), net.separable(i), x));
    }
    x = maxPoolSame(g, x, 1);
    x = conv(g, "conv8", net.conv8(), x);
    x = g.node("Transpose", new String[] {x}, ints("perm", 0, 2, 3, 1));
    g.output(x, "head", "batch", "cells", "cells", 25L);
    return g.model(
        "face-api TinyFaceDetector: image [batch,size,size,3] NHWC -> head [batch,size/32,size/32,25]"
            + " (5 anchors x tx, ty, tw, th, objectness)");
  }

  public static void write(ModelProto model, Path file) throws IOException {
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      model.writeTo(out);
    }
  }

  /** face-api's denseBlock4: each convolution reads the relu of the sum of all earlier outputs. */
  private static String dense(OnnxGraph g, String name, DenseBlock block, String x) {
    Block first = block.conv(0);
    String out1 =
        relu(
            g,
            first instanceof TfConv2d c
                ? conv(g, name + ".conv0", c, x)
                : separable(g, name + ".conv0", (SeparableConv) first, x));
    String out2 = separable(g, name + ".conv1", (SeparableConv) block.conv(1), out1);
    String out3 =
        separable(g, name + ".conv2", (SeparableConv) block.conv(2), relu(g, add(g, out1, out2)));
    String out4 =
        separable(
            g,
            name + ".conv3",
            (SeparableConv) block.conv(3),
            relu(g, add(g, out1, add(g, out2, out3))));
    return relu(g, add(g, out1, add(g, out2, add(g, out3, out4))));
  }

  private static String conv(OnnxGraph g, String name, TfConv2d conv, String x) {
    return g.node(
        "Conv",
        new String[] {
          x, g.weight(name + ".filters", conv.filters()), g.weight(name + ".bias", conv.bias())
        },
        ints("kernel_shape", conv.kernel(), conv.kernel()),
        ints("strides", conv.stride(), conv.stride()),
        string("auto_pad", conv.same() ? "SAME_UPPER" : "VALID"));
  }

  /** A depthwise 3x3 (one group per channel, no bias), then a pointwise 1x1 with the bias. */
  private static String separable(OnnxGraph g, String name, SeparableConv conv, String x) {
    String spatial =
        g.node(
            "Conv",
            new String[] {x, g.weight(name + ".depthwise", conv.depthwise())},
            ints("kernel_shape", 3, 3),
            ints("strides", conv.stride(), conv.stride()),
            integer("group", conv.in()),
            string("auto_pad", "SAME_UPPER"));
    return g.node(
        "Conv",
        new String[] {
          spatial,
          g.weight(name + ".pointwise", conv.pointwise()),
          g.weight(name + ".bias", conv.bias())
        },
        ints("kernel_shape", 1, 1));
  }

  private static String maxPoolSame(OnnxGraph g, String x, int stride) {
    return g.node(
        "MaxPool",
        new String[] {x},
        ints("kernel_shape", 2, 2),
        ints("strides", stride, stride),
        string("auto_pad", "SAME_UPPER"));
  }

  /** face-api's {@code relu(x - 0.1x) + 0.1x}, in that op order (not LeakyRelu: exact floats). */
  private static String leakyRelu(OnnxGraph g, String x) {
    String alpha = g.constant(x + ".alpha", new float[] {LEAKY_ALPHA});
    String scaled = g.node("Mul", new String[] {x, alpha});
    return add(g, relu(g, g.node("Sub", new String[] {x, scaled})), scaled);
  }

  private static String relu(OnnxGraph g, String x) {
    return g.node("Relu", new String[] {x});
  }

  private static String add(OnnxGraph g, String a, String b) {
    return g.node("Add", new String[] {a, b});
  }
}
