package io.emostream.model.onnx;

import static io.emostream.model.onnx.OnnxGraph.integer;
import static io.emostream.model.onnx.OnnxGraph.ints;
import static io.emostream.model.onnx.OnnxGraph.string;

import ai.djl.nn.Block;
import ai.onnx.proto.OnnxMl.ModelProto;
import io.emostream.model.nn.DenseBlock;
import io.emostream.model.nn.FaceExpressionNet;
import io.emostream.model.nn.FaceFeatureExtractor;
import io.emostream.model.nn.SeparableConv;
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
 *   <li>{@link #tinyFaceDetector}: input {@code image [batch, size, size, 3]} (size a multiple of
 *       32), output {@code head [batch, size/32, size/32, 25]}, the raw YOLO head.
 * </ul>
 *
 * TF's 'same' padding is ONNX's {@code auto_pad = SAME_UPPER} (the odd pixel after), and sums keep
 * face-api's association, so results match the DJL blocks to float rounding.
 */
public final class OnnxExport {
  private static final float LEAKY_ALPHA = 0.1f;

  private OnnxExport() {}

  public static ModelProto expression(FaceExpressionNet net) {
    OnnxGraph g = new OnnxGraph("face_expression_net");
    int size = FaceFeatureExtractor.INPUT_SIZE;
    String x = g.input("image", "batch", (long) size, (long) size, 3L);
    x = g.node("Transpose", new String[] {x}, ints("perm", 0, 3, 1, 2));
    for (int i = 0; i < 4; i++) {
      x = dense(g, "dense" + i, net.extractor().dense(i), x);
    }
    String features =
        g.node("ReduceMean", new String[] {x}, ints("axes", 2, 3), integer("keepdims", 0));
    String logits =
        g.node(
            "Add",
            new String[] {
              g.node("MatMul", new String[] {features, g.weight("fc_weights", net.fcWeights())}),
              g.weight("fc_bias", net.fcBias())
            });
    g.output(logits, "logits", "batch", (long) FaceExpressionNet.CLASSES);
    return g.model(
        "face-api FaceExpressionNet: image [batch,112,112,3] NHWC -> logits [batch,7] "
            + "(neutral, happy, sad, angry, fear, disgust, surprise)");
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
