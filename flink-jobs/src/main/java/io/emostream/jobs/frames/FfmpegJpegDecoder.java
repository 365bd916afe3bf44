package io.emostream.jobs.frames;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MJPEG;
import static org.bytedeco.ffmpeg.global.avcodec.AV_EF_EXPLODE;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import io.emostream.model.image.RgbFrame;
import java.io.IOException;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * JPEG → {@link RgbFrame} with FFmpeg's SIMD MJPEG decoder and swscale (the natives the ingest
 * ships), straight into the job's pixel layout, with no BufferedImage (docs/benchmarks.md compares
 * it with ImageIO). One per operator instance: not thread-safe. Any failure is an {@link
 * IOException}; callers fall back to ImageIO, which also gives the precise error for a corrupt
 * image.
 */
public final class FfmpegJpegDecoder implements AutoCloseable {
  /** FFmpeg's bitstream readers may read this far past the data; the bytes there must be zero. */
  private static final byte[] PADDING = new byte[64];

  private final AVCodecContext context;
  private final AVPacket packet = av_packet_alloc();
  private final AVFrame frame = av_frame_alloc();
  private SwsContext sws;
  private BytePointer input = new BytePointer(0L);
  private BytePointer output = new BytePointer(0L);

  /** sws_scale reads four plane pointers and strides even for packed RGB. */
  private final PointerPointer<BytePointer> planes = new PointerPointer<>(4);

  private final IntPointer strides = new IntPointer(4);

  public FfmpegJpegDecoder() {
    avutil.av_log_set_level(
        avutil
            .AV_LOG_QUIET); // corrupt input is reported through our own errors, never FFmpeg's log
    AVCodec codec = avcodec_find_decoder(AV_CODEC_ID_MJPEG);
    context = avcodec_alloc_context3(codec);
    if (codec == null || context == null) {
      throw new IllegalStateException("FFmpeg's MJPEG decoder is not available");
    }
    context.err_recognition(AV_EF_EXPLODE); // fail on damage instead of concealing it
    if (avcodec_open2(context, codec, (AVDictionary) null) < 0) {
      throw new IllegalStateException("FFmpeg's MJPEG decoder is not available");
    }
  }

  /**
   * @param maxSide larger images are refused before they are converted to RGB; FFmpeg has decoded
   *     them by then, so callers check the declared size first (as {@link FrameImageDecoder} does)
   */
  public RgbFrame decode(byte[] jpeg, int maxSide) throws IOException {
    if (input.capacity() < (long) jpeg.length + PADDING.length) {
      input.close();
      input = new BytePointer((long) jpeg.length + PADDING.length);
    }
    input.position(0).put(jpeg, 0, jpeg.length);
    input.position(jpeg.length).put(PADDING, 0, PADDING.length);
    input.position(0);
    packet.data(input);
    packet.size(jpeg.length);
    try {
      if (avcodec_send_packet(context, packet) < 0 || avcodec_receive_frame(context, frame) < 0) {
        throw new IOException("FFmpeg cannot decode this JPEG");
      }
      int w = frame.width();
      int h = frame.height();
      if (w <= 0 || h <= 0 || w > maxSide || h > maxSide) {
        throw new IOException("image is " + w + "x" + h + ", outside 1.." + maxSide);
      }
      sws =
          sws_getCachedContext(
              sws,
              w,
              h,
              frame.format(),
              w,
              h,
              AV_PIX_FMT_RGB24,
              SWS_BILINEAR,
              null,
              null,
              (DoublePointer) null);
      if (sws == null) {
        throw new IOException("no conversion from pixel format " + frame.format() + " to RGB");
      }
      long size = (long) w * h * 3;
      if (output.capacity() < size) {
        output.close();
        output = new BytePointer(size);
      }
      planes.put(0, output.position(0));
      strides.put(0, w * 3);
      sws_scale(sws, frame.data(), frame.linesize(), 0, h, planes, strides);
      byte[] rgb = new byte[(int) size];
      output.position(0).get(rgb);
      return new RgbFrame(w, h, rgb);
    } finally {
      av_frame_unref(frame);
    }
  }

  @Override
  public void close() {
    sws_freeContext(sws);
    av_frame_free(frame);
    av_packet_free(packet);
    avcodec_free_context(context);
    input.close();
    output.close();
    planes.close();
    strides.close();
  }
}
