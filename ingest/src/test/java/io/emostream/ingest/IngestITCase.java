package io.emostream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.emostream.kafka.embedded.TestKafka;
import io.emostream.model.Digests;
import io.emostream.model.sample.SampleFrames;
import io.emostream.schemas.codec.AvroCodec;
import io.emostream.schemas.config.Settings;
import io.emostream.schemas.event.ClaimCheck;
import io.emostream.schemas.event.ConsentScope;
import io.emostream.schemas.event.FrameEvent;
import io.emostream.schemas.topic.KafkaTopics;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edge publisher against the embedded broker, with sources the tests make: an MP4, an MJPEG
 * server, image folders.
 */
class IngestITCase {
  @TempDir Path dir;
  private KafkaTarget kafka;

  private Settings conf(Path topicsFile, String... more) {
    this.kafka =
        new KafkaTarget(
            TestKafka.bootstrapServers(), new Properties(), KafkaTopics.load(topicsFile));
    Map<String, String> s = new HashMap<>();
    s.put(IngestOptions.CONSENT_PURPOSE.key(), "integration-test");
    s.put(IngestOptions.CLAIM_CHECK_STORE.key(), dir.resolve("blobs").toString());
    s.put(IngestOptions.RECONNECT_INITIAL.key(), "200ms");
    s.put(IngestOptions.RECONNECT_MAX.key(), "1s");
    s.put(IngestOptions.OPEN_TIMEOUT.key(), "2s");
    for (int i = 0; i < more.length; i += 2) {
      s.put(more[i], more[i + 1]);
    }
    return Settings.of(s);
  }

  private List<Long> run(Settings conf, CameraSpec camera) throws Exception {
    try (Ingest ingest = Ingest.start(List.of(camera), conf, kafka)) {
      return ingest.await();
    }
  }

  @Test
  void mp4IsSampledAndEverySampledFrameArrivesInOrderWithStreamTimestamps() throws Exception {
    Path video = SampleVideos.mp4(dir.resolve("call.mp4"), 60, 30, 320, 240); // 2 s at 30 fps
    Path topicsFile = TestKafka.freshTopics(dir);
    Settings conf =
        conf(topicsFile, IngestOptions.FPS.key(), "10", IngestOptions.REALTIME.key(), "false");

    assertThat(run(conf, CameraSpec.of("mp4-cam", video.toString(), conf))).containsExactly(20L);

    String topic = KafkaTopics.load(topicsFile).frames().name();
    List<ConsumerRecord<byte[], byte[]>> records =
        TestKafka.readAll(topic, 20, Duration.ofSeconds(20));
    assertThat(records).hasSize(20);
    AvroCodec<FrameEvent> codec = AvroCodec.of(FrameEvent.class);
    long first = -1;
    for (int i = 0; i < records.size(); i++) {
      ConsumerRecord<byte[], byte[]> r = records.get(i);
      FrameEvent f = codec.decode(r.value());
      assertThat(f.getSequence()).isEqualTo(i);
      assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("mp4-cam");
      assertThat(r.timestamp()).isEqualTo(f.getCaptureTime().toEpochMilli());
      if (first < 0) {
        first = r.timestamp();
      }
      // every third frame of a 30 fps stream: 100 ms apart in stream time (pts rounding: ±2 ms)
      assertThat(r.timestamp() - first).isBetween(i * 100L - 2, i * 100L + 2);
      assertThat(f.getWidth()).isEqualTo(320);
      assertThat(f.getConsent().getPurpose()).isEqualTo("integration-test");
      assertThat(f.getConsent().getScope()).isEqualTo(ConsentScope.ANALYTICS);
    }
    // The pixels survive decode → copy → JPEG: the first frame looks like what was encoded (no
    // channel swap, no stride error).
    FrameEvent firstFrame = codec.decode(records.get(0).value());
    BufferedImage published =
        ImageIO.read(
            new ByteArrayInputStream(
                firstFrame.getPayload() instanceof ByteBuffer b ? bytes(b) : null));
    BufferedImage original = new BufferedImage(320, 240, BufferedImage.TYPE_3BYTE_BGR);
    original
        .getGraphics()
        .drawImage(
            SampleFrames.transformed(SampleFrames.portrait(), 1.0, 0, 0), 40, 0, 240, 240, null);
    assertThat(meanAbsoluteDifference(published, original)).isLessThan(12.0);
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }

  private static double meanAbsoluteDifference(BufferedImage a, BufferedImage b) {
    double sum = 0;
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        int p = a.getRGB(x, y);
        int q = b.getRGB(x, y);
        for (int shift = 0; shift <= 16; shift += 8) {
          sum += Math.abs(((p >> shift) & 0xff) - ((q >> shift) & 0xff));
        }
      }
    }
    return sum / (3.0 * a.getWidth() * a.getHeight());
  }

  @Test
  void imageFolderWithACorruptFileSkipsItAndPublishesTheRest() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("frames"));
    List<byte[]> jpegs = SampleFrames.jpegLoop(4, 0, 0.8f);
    for (int i = 0; i < jpegs.size(); i++) {
      Files.write(folder.resolve("f" + i + ".jpg"), jpegs.get(i));
    }
    Files.write(
        folder.resolve("f2.jpg"),
        "not a jpeg".getBytes(StandardCharsets.UTF_8)); // replaces the third frame
    Path topicsFile = TestKafka.freshTopics(dir);
    Settings conf =
        conf(topicsFile, IngestOptions.FPS.key(), "0", IngestOptions.REALTIME.key(), "false");
    double badBefore = IngestMetrics.DROPPED.labelValues("folder-cam", "bad_frame").get();

    assertThat(run(conf, CameraSpec.of("folder-cam", folder.toString(), conf))).containsExactly(3L);

    assertThat(IngestMetrics.DROPPED.labelValues("folder-cam", "bad_frame").get() - badBefore)
        .isEqualTo(1.0);
    List<FrameEvent> frames =
        TestKafka.readValues(
            KafkaTopics.load(topicsFile).frames().name(),
            AvroCodec.of(FrameEvent.class),
            3,
            Duration.ofSeconds(20));
    assertThat(frames).extracting(FrameEvent::getSequence).containsExactly(0L, 1L, 2L);
  }

  @Test
  void severalCamerasFromOneProcessEachKeyedAndNumberedOnTheirOwn() throws Exception {
    Path a = Files.createDirectories(dir.resolve("cam-a"));
    Path b = Files.createDirectories(dir.resolve("cam-b"));
    List<byte[]> jpegs = SampleFrames.jpegLoop(3, 0, 0.8f);
    for (int i = 0; i < jpegs.size(); i++) {
      Files.write(a.resolve("a" + i + ".jpg"), jpegs.get(i));
      Files.write(b.resolve("b" + i + ".jpg"), jpegs.get(i));
    }
    Path topicsFile = TestKafka.freshTopics(dir);
    Settings conf =
        conf(topicsFile, IngestOptions.FPS.key(), "0", IngestOptions.REALTIME.key(), "false");
    Path cameras =
        Files.writeString(
            dir.resolve("cameras.yaml"),
            "cameras:\n"
                + "  - camera-id: cam-a\n    source: "
                + a
                + "\n"
                + "  - camera-id: cam-b\n    source: "
                + b
                + "\n    max-side: 256\n");

    try (Ingest ingest = Ingest.start(CameraSpec.fromFile(cameras, conf), conf, kafka)) {
      assertThat(ingest.await()).containsExactly(3L, 3L);
    }

    List<FrameEvent> frames =
        TestKafka.readValues(
            KafkaTopics.load(topicsFile).frames().name(),
            AvroCodec.of(FrameEvent.class),
            6,
            Duration.ofSeconds(20));
    assertThat(frames.stream().filter(f -> f.getCameraId().equals("cam-a")))
        .extracting(FrameEvent::getSequence)
        .containsExactly(0L, 1L, 2L);
    assertThat(frames.stream().filter(f -> f.getCameraId().equals("cam-b")))
        .allSatisfy(f -> assertThat(f.getWidth()).isEqualTo(256));
  }

  @Test
  void oversizedFramesTakeTheClaimCheckPathWithSizeAndDigestOfTheStoredImage() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("big"));
    Files.write(folder.resolve("a.jpg"), SampleFrames.jpegLoop(1, 0, 0.95f).get(0));
    Path topicsFile = TestKafka.freshTopics(dir);
    Settings conf =
        conf(
            topicsFile,
            IngestOptions.CLAIM_CHECK_THRESHOLD.key(),
            "10kb",
            IngestOptions.REALTIME.key(),
            "false");

    run(conf, CameraSpec.of("big-cam", folder.toString(), conf));

    FrameEvent frame =
        TestKafka.readValues(
                KafkaTopics.load(topicsFile).frames().name(),
                AvroCodec.of(FrameEvent.class),
                1,
                Duration.ofSeconds(20))
            .get(0);
    assertThat(frame.getPayload()).isInstanceOf(ClaimCheck.class);
    ClaimCheck check = (ClaimCheck) frame.getPayload();
    assertThat(check.getSizeBytes()).isGreaterThan(10 * 1024);
    assertThat(check.getUri()).startsWith("file:").contains("big-cam");
    // The scoring job's side of the contract (FrameImageDecoder reading a claim check) is
    // FrameImageDecoderTest's.
    byte[] stored = Files.readAllBytes(Path.of(URI.create(check.getUri())));
    assertThat(stored).hasSize((int) check.getSizeBytes());
    assertThat(Digests.sha256(stored)).isEqualTo(check.getSha256());
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(stored));
    assertThat(image.getWidth()).isEqualTo(SampleFrames.SIDE);
  }

  @Test
  void mjpegStreamThatDropsIsReconnected() throws Exception {
    List<byte[]> jpegs = SampleFrames.jpegLoop(8, 1, 0.8f);
    MjpegServer server = MjpegServer.start(0, jpegs);
    int port = server.port();
    Path topicsFile = TestKafka.freshTopics(dir);
    Settings conf = conf(topicsFile, IngestOptions.FPS.key(), "0");
    double reconnectsBefore = IngestMetrics.RECONNECTS.labelValues("mjpeg-cam").get();
    double publishedBefore = IngestMetrics.PUBLISHED.labelValues("mjpeg-cam").get();
    String topic = KafkaTopics.load(topicsFile).frames().name();
    try (Ingest ingest =
        Ingest.start(
            List.of(CameraSpec.of("mjpeg-cam", "http://127.0.0.1:" + port + "/stream", conf)),
            conf,
            kafka)) {
      awaitMetric(
          () -> IngestMetrics.PUBLISHED.labelValues("mjpeg-cam").get() - publishedBefore, 10);
      server.stop();
      Thread.sleep(1_500); // the camera is gone for a while
      server = MjpegServer.start(port, jpegs);
      awaitMetric(
          () -> IngestMetrics.RECONNECTS.labelValues("mjpeg-cam").get() - reconnectsBefore, 1);
      double atReconnect = IngestMetrics.PUBLISHED.labelValues("mjpeg-cam").get();
      awaitMetric(
          () -> IngestMetrics.PUBLISHED.labelValues("mjpeg-cam").get() - atReconnect,
          10); // frames flow again
    } finally {
      server.stop();
    }
    int published =
        (int) (IngestMetrics.PUBLISHED.labelValues("mjpeg-cam").get() - publishedBefore);
    List<FrameEvent> frames =
        TestKafka.readValues(
            topic, AvroCodec.of(FrameEvent.class), published, Duration.ofSeconds(10));
    assertThat(frames).hasSize(published);
    for (int i = 0; i < frames.size(); i++) {
      assertThat(frames.get(i).getSequence())
          .isEqualTo(i); // numbering continues across the reconnect, nothing lost in between
    }
  }

  private static void awaitMetric(DoubleSupplier value, double atLeast)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (value.getAsDouble() < atLeast && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(value.getAsDouble()).isGreaterThanOrEqualTo(atLeast);
  }

  @Test
  void refusesToStartWithoutADeclaredPurposeOrWithConsentNone() {
    Settings noPurpose = Settings.of(Map.of());
    assertThatThrownBy(() -> CameraSpec.of("c", dir.toString(), noPurpose))
        .hasMessageContaining("ingest.consent.purpose is required");
    Settings none =
        Settings.of(
            Map.of(
                IngestOptions.CONSENT_PURPOSE.key(),
                "x",
                IngestOptions.CONSENT_SCOPE.key(),
                "NONE"));
    assertThatThrownBy(() -> CameraSpec.of("c", dir.toString(), none).requireProcessingAllowed())
        .hasMessageContaining("allows no processing");
  }

  /** An HTTP MJPEG camera (multipart/x-mixed-replace) at 20 fps, looping real JPEG frames. */
  static final class MjpegServer {
    private final HttpServer http;
    private final AtomicBoolean serving = new AtomicBoolean(true);

    private MjpegServer(HttpServer http) {
      this.http = http;
    }

    static MjpegServer start(int port, List<byte[]> jpegs) throws Exception {
      HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
      MjpegServer server = new MjpegServer(http);
      http.createContext(
          "/stream",
          exchange -> {
            exchange
                .getResponseHeaders()
                .set("Content-Type", "multipart/x-mixed-replace; boundary=frame");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
              for (int i = 0; server.serving.get(); i++) {
                byte[] jpeg = jpegs.get(i % jpegs.size());
                out.write(
                    ("--frame\r\nContent-Type: image/jpeg\r\nContent-Length: "
                            + jpeg.length
                            + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(jpeg);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(50);
              }
            } catch (Exception e) {
              // client went away or server stopping
            }
          });
      http.start();
      return server;
    }

    int port() {
      return http.getAddress().getPort();
    }

    void stop() {
      serving.set(false);
      http.stop(0);
    }
  }
}
