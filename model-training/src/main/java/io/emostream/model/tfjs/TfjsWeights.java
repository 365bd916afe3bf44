package io.emostream.model.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads TF.js layers/graph weight files: a JSON manifest (groups of {@code paths} and {@code
 * weights}) and the binary shards it names, with uint8 dequantization exactly as tfjs-core 4.22's
 * {@code decodeWeight}: {@code (float) (q * scale + min)} computed in double, rounded once.
 *
 * <p>Every mismatch (a missing file, a short file, an unknown dtype, trailing bytes, a missing
 * expected tensor or a wrong shape) is a {@link TfjsWeightsException} naming the manifest entry and
 * the file.
 */
public final class TfjsWeights {
  /** Reads a shard named in the manifest. */
  @FunctionalInterface
  public interface ShardSource {
    byte[] read(String path) throws IOException;
  }

  private final String manifestName;
  private final Map<String, TfjsTensor> tensors;

  private TfjsWeights(String manifestName, Map<String, TfjsTensor> tensors) {
    this.manifestName = manifestName;
    this.tensors = tensors;
  }

  public static TfjsWeights read(String manifestName, byte[] manifestJson, ShardSource shards)
      throws TfjsWeightsException {
    JsonNode groups;
    try {
      groups = new ObjectMapper().readTree(manifestJson);
    } catch (IOException e) {
      throw new TfjsWeightsException(manifestName + ": not valid JSON: " + e.getMessage(), e);
    }
    if (groups == null || !groups.isArray() || groups.isEmpty()) {
      throw new TfjsWeightsException(manifestName + ": expected a JSON array of weight groups");
    }
    Map<String, TfjsTensor> tensors = new LinkedHashMap<>();
    for (int g = 0; g < groups.size(); g++) {
      JsonNode group = groups.get(g);
      String where = manifestName + " group " + g;
      List<String> paths = new ArrayList<>();
      group.path("paths").forEach(p -> paths.add(p.asText()));
      if (paths.isEmpty()) {
        throw new TfjsWeightsException(where + ": no 'paths'");
      }
      ByteBuffer data =
          ByteBuffer.wrap(concat(paths, shards, where)).order(ByteOrder.LITTLE_ENDIAN);
      String file = String.join("+", paths);
      for (JsonNode entry : group.path("weights")) {
        TfjsTensor t = decode(entry, data, where, file);
        tensors.put(t.name(), t);
      }
      if (data.hasRemaining()) {
        throw new TfjsWeightsException(
            file
                + ": "
                + data.remaining()
                + " bytes left after the last entry of "
                + where
                + "; the manifest does not describe this file");
      }
    }
    return new TfjsWeights(manifestName, tensors);
  }

  private static byte[] concat(List<String> paths, ShardSource shards, String where)
      throws TfjsWeightsException {
    List<byte[]> parts = new ArrayList<>();
    int total = 0;
    for (String path : paths) {
      try {
        byte[] part = shards.read(path);
        parts.add(part);
        total += part.length;
      } catch (IOException e) {
        throw new TfjsWeightsException(
            where + ": cannot read weight file '" + path + "': " + e.getMessage(), e);
      }
    }
    byte[] all = new byte[total];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return all;
  }

  private static TfjsTensor decode(JsonNode entry, ByteBuffer data, String where, String file)
      throws TfjsWeightsException {
    String name = entry.path("name").asText(null);
    if (name == null) {
      throw new TfjsWeightsException(where + ": an entry has no name");
    }
    String entryWhere = where + " entry '" + name + "'";
    long[] shape = new long[entry.path("shape").size()];
    long count = 1;
    for (int i = 0; i < shape.length; i++) {
      shape[i] = entry.path("shape").get(i).asLong(-1);
      if (shape[i] < 0) {
        throw new TfjsWeightsException(entryWhere + ": bad shape " + entry.path("shape"));
      }
      count *= shape[i];
    }
    String dtype = entry.path("dtype").asText("float32");
    if (!"float32".equals(dtype)) {
      throw new TfjsWeightsException(
          entryWhere + ": dtype " + dtype + " is not supported (only float32 tensors)");
    }
    JsonNode q = entry.get("quantization");
    float[] values = new float[Math.toIntExact(count)];
    if (q == null) {
      need(data, count * 4, entryWhere, file);
      data.asFloatBuffer().get(values);
      data.position(data.position() + values.length * 4);
    } else {
      String qType = q.path("dtype").asText();
      if (!"uint8".equals(qType)) {
        throw new TfjsWeightsException(
            entryWhere + ": quantization dtype " + qType + " is not supported (only uint8)");
      }
      double scale = q.path("scale").asDouble(Double.NaN);
      double min = q.path("min").asDouble(Double.NaN);
      if (Double.isNaN(scale) || Double.isNaN(min)) {
        throw new TfjsWeightsException(
            entryWhere + ": uint8 quantization needs numeric 'scale' and 'min'");
      }
      need(data, count, entryWhere, file);
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) ((data.get() & 0xFF) * scale + min); // as tfjs: in double, rounded once
      }
    }
    return new TfjsTensor(name, shape, values);
  }

  private static void need(ByteBuffer data, long bytes, String entryWhere, String file)
      throws TfjsWeightsException {
    if (data.remaining() < bytes) {
      throw new TfjsWeightsException(
          file
              + " is too short for "
              + entryWhere
              + ": needs "
              + bytes
              + " bytes at offset "
              + data.position()
              + ", "
              + data.remaining()
              + " left");
    }
  }

  /** The tensor named {@code name}, checked against the shape the network expects. */
  public TfjsTensor get(String name, long... expectedShape) throws TfjsWeightsException {
    TfjsTensor t = tensors.get(name);
    if (t == null) {
      throw new TfjsWeightsException(manifestName + ": missing tensor '" + name + "'");
    }
    if (!Arrays.equals(t.shape(), expectedShape)) {
      throw new TfjsWeightsException(
          manifestName
              + ": tensor '"
              + name
              + "' has shape "
              + Arrays.toString(t.shape())
              + ", expected "
              + Arrays.toString(expectedShape));
    }
    return t;
  }
}
