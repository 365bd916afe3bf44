package io.emostream.ingest;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What {@code --source} names: a video file, a folder of images, an RTSP or HTTP(S) stream (MJPEG,
 * HLS, anything FFmpeg reads) or a webcam ({@code webcam:0} or {@code /dev/video0}).
 */
public record SourceUri(Kind kind, String location) {

  public enum Kind {
    VIDEO_FILE,
    IMAGE_FOLDER,
    NETWORK_STREAM,
    WEBCAM
  }

  public static SourceUri parse(String source) {
    String s = source.trim();
    String lower = s.toLowerCase(Locale.ROOT);
    if (lower.startsWith("rtsp://")
        || lower.startsWith("rtsps://")
        || lower.startsWith("http://")
        || lower.startsWith("https://")
        || lower.startsWith("rtmp://")
        || lower.startsWith("udp://")
        || lower.startsWith("tcp://")) {
      return new SourceUri(Kind.NETWORK_STREAM, s);
    }
    if (lower.startsWith("webcam:")) {
      return new SourceUri(
          Kind.WEBCAM, "/dev/video" + Integer.parseInt(s.substring("webcam:".length())));
    }
    if (s.startsWith("/dev/video")) {
      return new SourceUri(Kind.WEBCAM, s);
    }
    Path p = Path.of(lower.startsWith("file:") ? URI.create(s).getPath() : s);
    if (Files.isDirectory(p)) {
      return new SourceUri(Kind.IMAGE_FOLDER, p.toString());
    }
    if (Files.isRegularFile(p)) {
      return new SourceUri(Kind.VIDEO_FILE, p.toString());
    }
    throw new IllegalArgumentException(
        "source '"
            + source
            + "' is not a file, a folder, a stream URL (rtsp://, http://) or a webcam (webcam:N, /dev/videoN)");
  }

  public boolean live() {
    return kind == Kind.NETWORK_STREAM || kind == Kind.WEBCAM;
  }
}
