package io.emostream.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.emostream.ingest.IngestOptions.EdgeFaces;
import io.emostream.schemas.config.Settings;
import io.emostream.schemas.event.ConsentScope;
import io.emostream.schemas.event.Identifiers;
import io.emostream.schemas.event.StreamConsent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One camera to ingest: its id, source and the per-camera settings (from flags, or a cameras file
 * entry over the defaults).
 */
public record CameraSpec(
    String cameraId,
    SourceUri source,
    double fps,
    boolean realtime,
    int maxSide,
    float jpegQuality,
    EdgeFaces edgeFaces,
    StreamConsent consent,
    String sessionId) {

  /**
   * Keys of a cameras file entry that override an {@code ingest.*} default, and the setting each
   * overrides.
   */
  private static final Map<String, String> PER_CAMERA =
      Map.of(
          "fps",
          IngestOptions.FPS.key(),
          "realtime",
          IngestOptions.REALTIME.key(),
          "max-side",
          IngestOptions.MAX_SIDE.key(),
          "jpeg-quality",
          IngestOptions.JPEG_QUALITY.key(),
          "edge-faces",
          IngestOptions.EDGE_FACES.key(),
          "consent-scope",
          IngestOptions.CONSENT_SCOPE.key(),
          "consent-purpose",
          IngestOptions.CONSENT_PURPOSE.key(),
          "session-id",
          IngestOptions.SESSION_ID.key());

  private static final Set<String> FILE_KEYS = fileKeys();

  private static Set<String> fileKeys() {
    Set<String> keys = new TreeSet<>(PER_CAMERA.keySet());
    keys.add("camera-id");
    keys.add("source");
    return keys;
  }

  /** A camera from flags, with every other setting from {@code conf}. */
  public static CameraSpec of(String cameraId, String source, Settings conf) {
    if (cameraId == null || cameraId.isBlank()) {
      throw new IllegalArgumentException(
          "--camera-id is required (or list cameras in ingest.cameras-file)");
    }
    String badId = Identifiers.problem("camera id", cameraId);
    String sessionId = conf.getOptional(IngestOptions.SESSION_ID).orElse(null);
    if (badId == null && sessionId != null) {
      badId = Identifiers.problem("session id", sessionId);
    }
    if (badId != null) {
      throw new IllegalArgumentException(badId + " (the scoring job would dead-letter its frames)");
    }
    String purpose =
        conf.getOptional(IngestOptions.CONSENT_PURPOSE)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "ingest.consent.purpose is required: declare why these frames are processed (e.g. --purpose call-quality); it travels on every frame"));
    return new CameraSpec(
        cameraId,
        SourceUri.parse(source),
        conf.get(IngestOptions.FPS),
        conf.get(IngestOptions.REALTIME),
        conf.get(IngestOptions.MAX_SIDE),
        conf.get(IngestOptions.JPEG_QUALITY).floatValue(),
        conf.get(IngestOptions.EDGE_FACES),
        new StreamConsent(conf.get(IngestOptions.CONSENT_SCOPE), purpose),
        sessionId);
  }

  /**
   * Cameras of a YAML file: {@code cameras: [{camera-id: lobby, source: rtsp://..., fps: 5}, ...]};
   * keys other than camera-id and source override the {@code ingest.*} defaults for that camera.
   */
  public static List<CameraSpec> fromFile(Path file, Settings conf) throws IOException {
    JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    JsonNode cameras = root == null ? null : root.get("cameras");
    if (cameras == null || !cameras.isArray() || cameras.isEmpty()) {
      throw new IllegalArgumentException(
          file + ": expected a 'cameras' list with at least one camera");
    }
    List<CameraSpec> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < cameras.size(); i++) {
      JsonNode c = cameras.get(i);
      String where = file + ": cameras[" + i + "]";
      for (Iterator<String> it = c.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (!FILE_KEYS.contains(k)) {
          throw new IllegalArgumentException(
              where + ": unknown key '" + k + "'; known: " + FILE_KEYS);
        }
      }
      Settings camera = conf;
      for (Map.Entry<String, String> field : PER_CAMERA.entrySet()) {
        if (c.hasNonNull(field.getKey())) {
          camera = camera.with(field.getValue(), c.get(field.getKey()).asText());
        }
      }
      if (!c.hasNonNull("camera-id") || !c.hasNonNull("source")) {
        throw new IllegalArgumentException(where + ": camera-id and source are required");
      }
      try {
        CameraSpec spec = of(c.get("camera-id").asText(), c.get("source").asText(), camera);
        if (!ids.add(spec.cameraId())) {
          throw new IllegalArgumentException("camera-id '" + spec.cameraId() + "' appears twice");
        }
        out.add(spec);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  /**
   * Consent NONE: nothing may be processed; refuse to publish at all rather than ship frames the
   * job would drop.
   */
  void requireProcessingAllowed() {
    if (consent.getScope() == ConsentScope.NONE) {
      throw new IllegalArgumentException(
          cameraId + ": consent scope NONE allows no processing; nothing would be published");
    }
  }
}
