package io.emostream.model.faceapi;

import io.emostream.model.Digests;
import io.emostream.model.tfjs.TfjsWeights;
import io.emostream.model.tfjs.TfjsWeightsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The pretrained face-api 1.7.15 detector weights vendored in this jar (MIT, see
 * LICENSE-face-api.txt), each file checked against SHA256SUMS before use. The expression weights
 * live in the built-in model bundle ({@code ModelBundle.builtIn()}), which checks its own files.
 */
public enum FaceApiModelFiles {
  TINY_FACE_DETECTOR("tiny_face_detector_model-weights_manifest.json");

  private static final String DIR = "/io/emostream/model/faceapi/";

  private final String manifest;

  FaceApiModelFiles(String manifest) {
    this.manifest = manifest;
  }

  public TfjsWeights read() throws TfjsWeightsException {
    Map<String, String> sums = checksums();
    byte[] json;
    try {
      json = verified(manifest, sums);
    } catch (IOException e) {
      throw new TfjsWeightsException(e.getMessage(), e);
    }
    return TfjsWeights.read(manifest, json, path -> verified(path, sums));
  }

  private static byte[] verified(String file, Map<String, String> sums) throws IOException {
    byte[] bytes = resource(file);
    String expected = sums.get(file);
    if (expected == null) {
      throw new IOException(file + " is not listed in " + DIR + "SHA256SUMS");
    }
    String actual = Digests.sha256(bytes);
    if (!actual.equals(expected)) {
      throw new IOException(
          DIR
              + file
              + " has sha256 "
              + actual
              + ", expected "
              + expected
              + ": the jar is corrupt or was modified");
    }
    return bytes;
  }

  private static Map<String, String> checksums() throws TfjsWeightsException {
    try {
      Map<String, String> sums = new HashMap<>();
      for (String line : new String(resource("SHA256SUMS"), StandardCharsets.UTF_8).split("\n")) {
        String[] parts = line.trim().split("\\s+");
        if (parts.length == 2) {
          sums.put(parts[1], parts[0]);
        }
      }
      return sums;
    } catch (IOException e) {
      throw new TfjsWeightsException("cannot read " + DIR + "SHA256SUMS: " + e.getMessage(), e);
    }
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = FaceApiModelFiles.class.getResourceAsStream(DIR + name)) {
      if (in == null) {
        throw new IOException(DIR + name + " is missing from the class path");
      }
      return in.readAllBytes();
    }
  }
}
