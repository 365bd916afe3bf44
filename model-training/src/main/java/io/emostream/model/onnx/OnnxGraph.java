package io.emostream.model.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A small builder of an ONNX graph of float tensors: initializers from DJL parameters, nodes with
 * generated output names, graph inputs and outputs with symbolic dimensions. ONNX's own protobuf
 * messages ({@code ai.onnx.proto.OnnxMl}) do the encoding.
 */
final class OnnxGraph {
  /** Opset 17: ReduceMean still takes its axes as an attribute; ONNX Runtime 1.21 runs it. */
  static final int OPSET = 17;

  /** IR version 8 goes with opset 17. */
  private static final int IR_VERSION = 8;

  private final GraphProto.Builder graph = GraphProto.newBuilder();
  private int counter;

  OnnxGraph(String name) {
    graph.setName(name);
  }

  /** A graph input of float32 with these dimensions: a {@code Long} is fixed, a String symbolic. */
  String input(String name, Object... dims) {
    graph.addInput(valueInfo(name, dims));
    return name;
  }

  void output(String tensor, String name, Object... dims) {
    node("Identity", new String[] {tensor}, name);
    graph.addOutput(valueInfo(name, dims));
  }

  /** A weight tensor with the parameter's values and shape. */
  String weight(String name, Parameter parameter) {
    NDArray array = parameter.getArray();
    return constant(name, array.toFloatArray(), array.getShape().getShape());
  }

  /** A 2-D weight transposed, so that {@code MatMul(x, w)} computes DJL Linear's {@code x·wᵀ}. */
  String weightTransposed(String name, Parameter parameter) {
    NDArray array = parameter.getArray();
    long[] shape = array.getShape().getShape();
    if (shape.length != 2) {
      throw new IllegalArgumentException(name + ": expected a 2-D weight, got " + array.getShape());
    }
    int rows = (int) shape[0];
    int cols = (int) shape[1];
    float[] w = array.toFloatArray();
    float[] t = new float[w.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        t[c * rows + r] = w[r * cols + c];
      }
    }
    return constant(name, t, cols, rows);
  }

  /** An int64 vector, for the shape and axes inputs of Reshape and ReduceSum. */
  String longs(String name, long... values) {
    ByteBuffer raw = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    raw.asLongBuffer().put(values);
    return initializer(name, TensorProto.DataType.INT64, raw, values.length);
  }

  String constant(String name, float[] values, long... dims) {
    ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    raw.asFloatBuffer().put(values);
    return initializer(name, TensorProto.DataType.FLOAT, raw, dims);
  }

  private String initializer(
      String name, TensorProto.DataType type, ByteBuffer littleEndian, long... dims) {
    graph.addInitializer(
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(type.getNumber())
            .addAllDims(Arrays.stream(dims).boxed().toList())
            .setRawData(ByteString.copyFrom(littleEndian.array())));
    return name;
  }

  /** Adds a node and returns its (single) output's name. */
  String node(String op, String[] inputs, AttributeProto... attributes) {
    return node(op, inputs, op.toLowerCase() + "_" + counter++, attributes);
  }

  private String node(String op, String[] inputs, String output, AttributeProto... attributes) {
    graph.addNode(
        NodeProto.newBuilder()
            .setOpType(op)
            .setName(output)
            .addAllInput(Arrays.asList(inputs))
            .addOutput(output)
            .addAllAttribute(Arrays.asList(attributes)));
    return output;
  }

  static AttributeProto ints(String name, long... values) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.INTS)
        .addAllInts(Arrays.stream(values).boxed().toList())
        .build();
  }

  static AttributeProto integer(String name, long value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.INT)
        .setI(value)
        .build();
  }

  static AttributeProto real(String name, float value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.FLOAT)
        .setF(value)
        .build();
  }

  static AttributeProto string(String name, String value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.STRING)
        .setS(ByteString.copyFromUtf8(value))
        .build();
  }

  ModelProto model(String docString) {
    return ModelProto.newBuilder()
        .setIrVersion(IR_VERSION)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .setProducerName("emostream")
        .setDocString(docString)
        .setGraph(graph)
        .build();
  }

  private static ValueInfoProto valueInfo(String name, Object... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (Object d : dims) {
      TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
      if (d instanceof String symbol) {
        dim.setDimParam(symbol);
      } else {
        dim.setDimValue(((Number) d).longValue());
      }
      shape.addDim(dim);
    }
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            TypeProto.newBuilder()
                .setTensorType(
                    TypeProto.Tensor.newBuilder()
                        .setElemType(TensorProto.DataType.FLOAT.getNumber())
                        .setShape(shape)))
        .build();
  }
}
