package io.emostream.model.bundle;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.emostream.schemas.event.Distributions;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json} of a model bundle.
 *
 * <pre>{@code
 * {
 *   "format": "emostream-model-bundle/1",
 *   "architecture": "face-api-expression-frame-average",   // or "torchscript-clip"
 *   "version": "face-api-1.7.15",
 *   "input": {"frames": 16, "size": 112, "mean": [122.782, 117.001, 104.298], "scale": 255,
 *             "padding": "centred-zeros", "resize": "tf-legacy-bilinear"},
 *   "output": "logits",                                     // or "probabilities"
 *   "classes": ["neutral", "happy", "sad", "angry", "fear", "disgust", "surprise"],
 *   "files": [{"path": "face_expression_model.bin", "sha256": "9a98..."}, ...],
 *   "metrics": {"uar": 0.51},
 *   "parentVersion": null,
 *   "created": "2026-11-28T10:00:00Z",
 *   "options": {"hidden": 128}                               // architecture hyper-parameters, if any
 * }
 * }</pre>
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record BundleManifest(
    String format,
    String architecture,
    String version,
    InputSpec input,
    OutputKind output,
    List<String> classes,
    List<BundleFile> files,
    Map<String, Double> metrics,
    String parentVersion,
    String created,
    Map<String, Integer> options) {

  public static final String FORMAT = "emostream-model-bundle/1";
  public static final String FILE_NAME = "manifest.json";

  /** EmoStream's class order, which every bundle must declare. */
  public static final List<String> CLASSES = Distributions.CLASS_NAMES;

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .setSerializationInclusion(JsonInclude.Include.NON_NULL)
          .enable(SerializationFeature.INDENT_OUTPUT);

  /** A file of the bundle, relative to the bundle directory, with its sha256. */
  public record BundleFile(String path, String sha256) {}

  public static BundleManifest parse(byte[] json, String where) throws BundleException {
    BundleManifest m;
    try {
      m = JSON.readValue(json, BundleManifest.class);
    } catch (IOException e) {
      throw new BundleException(
          where
              + ": "
              + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()),
          e);
    }
    m.validate(where);
    return m;
  }

  /** The manifest as JSON; a bundle is named by this text's sha256. */
  public byte[] toJson() {
    try {
      return JSON.writeValueAsBytes(this);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a model manifest", e);
    }
  }

  /** An integer option of the architecture, or {@code fallback} when the manifest has none. */
  public int option(String name, int fallback) {
    return options == null ? fallback : options.getOrDefault(name, fallback);
  }

  private void validate(String where) throws BundleException {
    if (!FORMAT.equals(format)) {
      throw new BundleException(where + ": format must be '" + FORMAT + "', got '" + format + "'");
    }
    require(architecture, "architecture", where);
    require(version, "version", where);
    if (input == null) {
      throw new BundleException(where + ": input is required");
    }
    input.validate(where);
    if (output == null) {
      throw new BundleException(where + ": output is required ('logits' or 'probabilities')");
    }
    if (!CLASSES.equals(classes)) {
      throw new BundleException(
          where + ": classes must be exactly " + CLASSES + " (EmoStream's order), got " + classes);
    }
    if (files == null || files.isEmpty()) {
      throw new BundleException(where + ": files must list the bundle's files with their sha256");
    }
    for (BundleFile f : files) {
      require(f.path(), "files[].path", where);
      if (f.path().contains("..") || f.path().startsWith("/")) {
        throw new BundleException(
            where + ": file path '" + f.path() + "' must stay inside the bundle");
      }
      if (f.sha256() == null || !f.sha256().matches("[0-9a-f]{64}")) {
        throw new BundleException(
            where
                + ": file '"
                + f.path()
                + "' needs a lower-case hex sha256, got '"
                + f.sha256()
                + "'");
      }
    }
  }

  private static void require(String value, String field, String where) throws BundleException {
    if (value == null || value.isBlank()) {
      throw new BundleException(where + ": " + field + " is required");
    }
  }
}
