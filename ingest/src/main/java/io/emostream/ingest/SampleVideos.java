package io.emostream.ingest;

import io.emostream.model.sample.SampleFrames;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Videos made here, for tests and the ingest benchmark: H.264 MP4 of the sample portrait, slowly
 * zooming (real face content).
 */
public final class SampleVideos {
  private SampleVideos() {}

  public static Path mp4(Path file, int frames, double fps, int width, int height)
      throws Exception {
    BufferedImage portrait = SampleFrames.portrait();
    try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), width, height);
        Java2DFrameConverter converter = new Java2DFrameConverter()) {
      recorder.setFormat("mp4");
      recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
      recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
      recorder.setFrameRate(fps);
      recorder.setVideoBitrate(2_000_000);
      recorder.start();
      for (int i = 0; i < frames; i++) {
        BufferedImage zoomed = SampleFrames.transformed(portrait, 1.0 + 0.002 * i, 0, 0);
        BufferedImage frame = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        frame.getGraphics().drawImage(zoomed, (width - height) / 2, 0, height, height, null);
        recorder.record(converter.convert(frame));
      }
      recorder.stop();
    }
    return file;
  }
}
