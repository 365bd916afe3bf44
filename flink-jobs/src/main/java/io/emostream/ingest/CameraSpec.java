package io.emostream.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.emostream.jobs.config.IngestOptions;
import io.emostream.jobs.config.IngestOptions.EdgeFaces;
import io.emostream.schemas.event.ConsentScope;
import io.emostream.schemas.event.StreamConsent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.Configuration;

/** One camera to ingest: its id, source and the per-camera settings (from flags, or a cameras file entry over the defaults). */
public record CameraSpec(String cameraId, SourceUri source, double fps, boolean realtime, int maxSide, float jpegQuality,
    EdgeFaces edgeFaces, StreamConsent consent, String sessionId) {

  private static final Set<String> FILE_KEYS = Set.of("camera-id", "source", "fps", "realtime", "max-side", "jpeg-quality", "edge-faces",
      "consent-scope", "consent-purpose", "session-id");

  /** A camera from flags, with every other setting from {@code conf}. */
  public static CameraSpec of(String cameraId, String source, Configuration conf) {
    if (cameraId == null || cameraId.isBlank()) {
      throw new IllegalArgumentException("--camera-id is required (or list cameras in ingest.cameras-file)");
    }
    String purpose = conf.getOptional(IngestOptions.CONSENT_PURPOSE).orElseThrow(() -> new IllegalArgumentException(
        "ingest.consent.purpose is required: declare why these frames are processed (e.g. --purpose call-quality); it travels on every frame"));
    return new CameraSpec(cameraId, SourceUri.parse(source), conf.get(IngestOptions.FPS), conf.get(IngestOptions.REALTIME),
        conf.get(IngestOptions.MAX_SIDE), conf.get(IngestOptions.JPEG_QUALITY).floatValue(), conf.get(IngestOptions.EDGE_FACES),
        new StreamConsent(conf.get(IngestOptions.CONSENT_SCOPE), purpose), conf.getOptional(IngestOptions.SESSION_ID).orElse(null));
  }

  /**
   * Cameras of a YAML file: {@code cameras: [{camera-id: lobby, source: rtsp://..., fps: 5}, ...]}; keys other than
   * camera-id and source override the {@code ingest.*} defaults for that camera.
   */
  public static List<CameraSpec> fromFile(Path file, Configuration conf) throws IOException {
    JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    JsonNode cameras = root == null ? null : root.get("cameras");
    if (cameras == null || !cameras.isArray() || cameras.isEmpty()) {
      throw new IllegalArgumentException(file + ": expected a 'cameras' list with at least one camera");
    }
    List<CameraSpec> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < cameras.size(); i++) {
      JsonNode c = cameras.get(i);
      String where = file + ": cameras[" + i + "]";
      for (Iterator<String> it = c.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (!FILE_KEYS.contains(k)) {
          throw new IllegalArgumentException(where + ": unknown key '" + k + "'; known: " + FILE_KEYS);
        }
      }
      Configuration camera = new Configuration(conf);
      override(c, "fps", IngestOptions.FPS.key(), camera);
      override(c, "realtime", IngestOptions.REALTIME.key(), camera);
      override(c, "max-side", IngestOptions.MAX_SIDE.key(), camera);
      override(c, "jpeg-quality", IngestOptions.JPEG_QUALITY.key(), camera);
      override(c, "edge-faces", IngestOptions.EDGE_FACES.key(), camera);
      override(c, "consent-scope", IngestOptions.CONSENT_SCOPE.key(), camera);
      override(c, "consent-purpose", IngestOptions.CONSENT_PURPOSE.key(), camera);
      override(c, "session-id", IngestOptions.SESSION_ID.key(), camera);
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

  private static void override(JsonNode camera, String field, String key, Configuration conf) {
    if (camera.hasNonNull(field)) {
      conf.setString(key, camera.get(field).asText());
    }
  }

  /** Consent NONE: nothing may be processed; refuse to publish at all rather than ship frames the job would drop. */
  void requireProcessingAllowed() {
    if (consent.getScope() == ConsentScope.NONE) {
      throw new IllegalArgumentException(cameraId + ": consent scope NONE allows no processing; nothing would be published");
    }
  }
}
