package io.emostream.model.faceapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emostream.model.image.RgbImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import javax.imageio.ImageIO;

/**
 * The reference outputs made by tools/faceapi-reference/make-fixtures.js, and the image they came
 * from.
 */
public final class FaceApiReference {
  static final String DIR = "/io/emostream/model/faceapi/";

  private FaceApiReference() {}

  public static JsonNode json() {
    try (InputStream in = FaceApiReference.class.getResourceAsStream(DIR + "reference.json")) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static RgbImage astronaut() {
    try (InputStream in =
        FaceApiReference.class.getResourceAsStream("/io/emostream/model/sample/astronaut.png")) {
      return RgbImage.of(ImageIO.read(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static RgbImage caseImage(JsonNode c) {
    JsonNode r = c.get("rect");
    return astronaut().crop(r.get(0).asInt(), r.get(1).asInt(), r.get(2).asInt(), r.get(3).asInt());
  }

  public static float[] floats(JsonNode array) {
    float[] v = new float[array.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) array.get(i).asDouble();
    }
    return v;
  }

  public static float[] f32le(String file) {
    try (InputStream in = FaceApiReference.class.getResourceAsStream(DIR + file)) {
      ByteBuffer b = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
      float[] v = new float[b.remaining() / 4];
      b.asFloatBuffer().get(v);
      return v;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
