package io.emostream.model.tfjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TfjsWeightsTest {
  private static final String MANIFEST =
      """
      [{"paths":["w.bin"],"weights":[
        {"name":"q","shape":[2,2],"dtype":"float32","quantization":{"dtype":"uint8","scale":0.1,"min":-1.0}},
        {"name":"f","shape":[2],"dtype":"float32"}]}]
      """;

  private static byte[] bin() {
    ByteBuffer b = ByteBuffer.allocate(4 + 8).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 0).put((byte) 10).put((byte) 255).put((byte) 7);
    b.putFloat(1.5f).putFloat(-2.25f);
    return b.array();
  }

  private static TfjsWeights read(String manifest, Map<String, byte[]> files)
      throws TfjsWeightsException {
    return TfjsWeights.read(
        "m.json",
        manifest.getBytes(StandardCharsets.UTF_8),
        path -> {
          byte[] bytes = files.get(path);
          if (bytes == null) {
            throw new IOException("no such file");
          }
          return bytes;
        });
  }

  @Test
  void dequantizesUint8InDoubleAndReadsFloat32() throws Exception {
    TfjsWeights w = read(MANIFEST, Map.of("w.bin", bin()));

    assertThat(w.get("q", 2, 2).values())
        .containsExactly(
            (float) (0 * 0.1 - 1.0),
            (float) (10 * 0.1 - 1.0),
            (float) (255 * 0.1 - 1.0),
            (float) (7 * 0.1 - 1.0));
    assertThat(w.get("f", 2).values()).containsExactly(1.5f, -2.25f);
  }

  @Test
  void namesTheEntryAndFileOfATruncatedFile() {
    byte[] short_ = Arrays.copyOf(bin(), 9);
    assertThatThrownBy(() -> read(MANIFEST, Map.of("w.bin", short_)))
        .isInstanceOf(TfjsWeightsException.class)
        .hasMessage(
            "w.bin is too short for m.json group 0 entry 'f': needs 8 bytes at offset 4, 5 left");
  }

  @Test
  void rejectsTrailingBytesTheManifestDoesNotDescribe() {
    byte[] longer = Arrays.copyOf(bin(), 16);
    assertThatThrownBy(() -> read(MANIFEST, Map.of("w.bin", longer)))
        .hasMessageContaining("w.bin: 4 bytes left after the last entry of m.json group 0");
  }

  @Test
  void namesAMissingWeightFile() {
    assertThatThrownBy(() -> read(MANIFEST, Map.of()))
        .hasMessage("m.json group 0: cannot read weight file 'w.bin': no such file");
  }

  @Test
  void namesAMissingTensorAndAWrongShape() throws Exception {
    TfjsWeights w = read(MANIFEST, Map.of("w.bin", bin()));
    assertThatThrownBy(() -> w.get("dense0/conv0/filters", 3, 3, 3, 32))
        .hasMessage("m.json: missing tensor 'dense0/conv0/filters'");
    assertThatThrownBy(() -> w.get("q", 4))
        .hasMessage("m.json: tensor 'q' has shape [2, 2], expected [4]");
  }

  @Test
  void rejectsMalformedManifests() {
    assertThatThrownBy(() -> read("{not json", Map.of()))
        .hasMessageStartingWith("m.json: not valid JSON");
    assertThatThrownBy(() -> read("{}", Map.of()))
        .hasMessage("m.json: expected a JSON array of weight groups");
    assertThatThrownBy(() -> read("[{\"weights\":[]}]", Map.of()))
        .hasMessage("m.json group 0: no 'paths'");
    assertThatThrownBy(
            () -> read(MANIFEST.replace("\"uint8\"", "\"uint16\""), Map.of("w.bin", bin())))
        .hasMessage(
            "m.json group 0 entry 'q': quantization dtype uint16 is not supported (only uint8)");
    assertThatThrownBy(
            () ->
                read(
                    MANIFEST.replace(
                        "\"shape\":[2],\"dtype\":\"float32\"", "\"shape\":[2],\"dtype\":\"int32\""),
                    Map.of("w.bin", bin())))
        .hasMessage(
            "m.json group 0 entry 'f': dtype int32 is not supported (only float32 tensors)");
  }
}
