package io.emostream.ingest;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Video through FFmpeg (JavaCV's grabber): files (MP4/H.264 and every container and codec FFmpeg
 * decodes), RTSP and HTTP streams (MJPEG included), and V4L2 webcams.
 */
public final class FfmpegFrameSource implements FrameSource {
  private final SourceUri source;
  private final FFmpegFrameGrabber grabber;
  private final Java2DFrameConverter converter = new Java2DFrameConverter();

  private FfmpegFrameSource(SourceUri source, FFmpegFrameGrabber grabber) {
    this.source = source;
    this.grabber = grabber;
  }

  public static FfmpegFrameSource open(SourceUri source, int timeoutSeconds) throws IOException {
    avutil.av_log_set_level(
        avutil.AV_LOG_QUIET); // failures come back as exceptions with messages; FFmpeg's native log
    // bypasses log4j
    FFmpegFrameGrabber g = new FFmpegFrameGrabber(source.location());
    switch (source.kind()) {
      case WEBCAM -> g.setFormat("video4linux2");
      case NETWORK_STREAM -> {
        String micros = String.valueOf(timeoutSeconds * 1_000_000L);
        if (source.location().startsWith("rtsp")) {
          g.setOption("rtsp_transport", "tcp");
        }
        g.setOption(
            "rw_timeout",
            micros); // a stalled stream errors out instead of hanging: then we reconnect
        g.setOption("timeout", micros);
      }
      default -> {}
    }
    try {
      g.start();
    } catch (FrameGrabber.Exception e) {
      try {
        g.release();
      } catch (FrameGrabber.Exception ignored) {
        // already failing
      }
      throw new IOException("cannot open " + source.location() + ": " + e.getMessage(), e);
    }
    return new FfmpegFrameSource(source, g);
  }

  @Override
  public CapturedFrame read() throws IOException {
    try {
      while (true) {
        Frame frame = grabber.grabImage();
        if (frame == null) {
          if (source.live()) {
            throw new IOException(source.location() + " ended");
          }
          return null;
        }
        BufferedImage image = converter.getBufferedImage(frame);
        if (image != null) {
          return new CapturedFrame(copy(image), frame.timestamp, System.currentTimeMillis());
        }
      }
    } catch (FrameGrabber.Exception e) {
      throw new IOException(source.location() + ": " + e.getMessage(), e);
    }
  }

  /** The converter reuses its image for the next frame: callers keep theirs. */
  private static BufferedImage copy(BufferedImage image) {
    BufferedImage out =
        new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
    if (image.getType() == BufferedImage.TYPE_3BYTE_BGR
        && image.getRaster().getDataBuffer() instanceof DataBufferByte from
        && from.getNumBanks() == 1
        && from.getData().length
            == ((DataBufferByte) out.getRaster().getDataBuffer()).getData().length) {
      System.arraycopy(
          from.getData(),
          0,
          ((DataBufferByte) out.getRaster().getDataBuffer()).getData(),
          0,
          from.getData().length);
    } else {
      out.getGraphics().drawImage(image, 0, 0, null);
    }
    return out;
  }

  @Override
  public boolean live() {
    return source.live();
  }

  @Override
  public void close() {
    try {
      grabber.stop();
      grabber.release();
    } catch (FrameGrabber.Exception e) {
      // closing a broken stream: nothing left to do
    }
  }
}
