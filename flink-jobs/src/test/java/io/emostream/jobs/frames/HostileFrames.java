package io.emostream.jobs.frames;

import io.emostream.model.Digests;
import io.emostream.model.sample.SampleFrames;
import io.emostream.schemas.codec.AvroCodec;
import io.emostream.schemas.event.ConsentScope;
import io.emostream.schemas.event.DeadLetterReason;
import io.emostream.schemas.event.FaceBox;
import io.emostream.schemas.event.FrameEncoding;
import io.emostream.schemas.event.FrameEvent;
import io.emostream.schemas.event.StreamConsent;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * The fuzz corpus: over a hundred crafted frames-topic records across every kind of hostile input
 * the scoring job must survive (Avro that is not ours or lies about its lengths, identifiers that
 * forge log lines, timestamps from the future, edge boxes outside the contract, images that are
 * truncated, mislabelled, CMYK or bombs, claim checks that point out of the store or at devices),
 * each with the dead-letter reason the job must give it (null: dropped without a letter, as
 * documented for streams without consent). Generated, not checked in: each record says what it is.
 */
public final class HostileFrames {

  /** One crafted record and what the job must do with it. */
  public record Hostile(
      String category,
      String name,
      byte[] key,
      byte[] value,
      long timestamp,
      DeadLetterReason expected) {}

  private static final AvroCodec<FrameEvent> CODEC = AvroCodec.of(FrameEvent.class);

  private final Instant now;
  private final List<Hostile> out = new ArrayList<>();
  private int sequence;

  private HostileFrames(Instant now) {
    this.now = now;
  }

  /**
   * @param now the job's clock (capture times are a little before it)
   * @param store the job's claim-check store ({@code scoring.claim-check.roots}); blobs are written
   *     into it
   * @param outside a directory outside every store; a real JPEG is written there
   * @param maxPayloadBytes the job's {@code scoring.frame.max-payload}
   */
  public static List<Hostile> corpus(Instant now, Path store, Path outside, long maxPayloadBytes) {
    HostileFrames c = new HostileFrames(now);
    try {
      c.avro();
      c.identifiers();
      c.timestamps();
      c.edgeBoxes();
      c.images(maxPayloadBytes);
      c.claimChecks(store, outside, maxPayloadBytes);
      c.consent();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Collections.unmodifiableList(c.out);
  }

  // --- Avro records that are not ours, or lie about their lengths -------------------------------

  private void avro() {
    Random random = new Random(18);
    for (int i = 0; i < 8; i++) {
      byte[] noise = new byte[1 + random.nextInt(300)];
      random.nextBytes(noise);
      noise[0] = (byte) (noise[0] == (byte) 0xC3 ? 0 : noise[0]);
      raw("avro", "random bytes " + i, noise, DeadLetterReason.NOT_AVRO_SINGLE_OBJECT);
    }
    raw("avro", "empty value", new byte[0], DeadLetterReason.NOT_AVRO_SINGLE_OBJECT);
    raw(
        "avro",
        "json",
        "{\"camera_id\":\"cam\"}".getBytes(StandardCharsets.UTF_8),
        DeadLetterReason.NOT_AVRO_SINGLE_OBJECT);
    byte[] valid = CODEC.encode(frame("cam-avro"));
    for (int i = 0; i < 4; i++) {
      byte[] otherSchema = valid.clone();
      otherSchema[2 + i] ^= (byte) 0x5A; // a fingerprint no schema of ours has
      raw("avro", "unknown fingerprint " + i, otherSchema, DeadLetterReason.UNKNOWN_SCHEMA);
    }
    for (int cut : new int[] {11, 12, 20, 40, 80, 200, 1000, valid.length / 2, valid.length - 1}) {
      raw(
          "avro",
          "frame cut at " + cut + " bytes",
          Arrays.copyOf(valid, cut),
          DeadLetterReason.MALFORMED_RECORD);
    }
    FrameEvent emptyFaces = FrameEvent.newBuilder(frame("c")).setFaces(List.of()).build();
    byte[] small = CODEC.encode(emptyFaces);
    int header = 10; // marker + fingerprint; the camera id's length comes first in the body
    for (long declared : new long[] {(1L << 31) - 9, 1L << 40, 1L << 21}) {
      raw(
          "avro",
          "camera id declares " + declared + " characters",
          withVarint(small, header, declared),
          DeadLetterReason.MALFORMED_RECORD);
    }
    int faces = lastIndexOfPair(small, (byte) 2, (byte) 0) + 1; // union branch 1, count 0
    for (long declared : new long[] {(1L << 31) - 9, 1L << 40, 10_001}) {
      raw(
          "avro",
          "faces array declares " + declared + " items",
          withVarint(small, faces, declared),
          DeadLetterReason.MALFORMED_RECORD);
    }
  }

  // --- identifiers that would forge log lines or blow up keys and labels ------------------------

  private void identifiers() {
    String[] cameras = {
      "cam-1\n2026-11-30 12:00:00 WARN  forged log line",
      "cam\u001b[31mRED\u001b[0m",
      "cam\u0000nul",
      "x".repeat(700_000),
      "",
      "two words",
      "../../etc/passwd",
      "cam\u202eevil",
      "y".repeat(129),
      "-dash-first"
    };
    for (String camera : cameras) {
      add(
          "identifiers",
          "camera id " + camera.length() + " chars",
          FrameEvent.newBuilder(frame("ignored")).setCameraId(camera).build(),
          DeadLetterReason.INVALID_IDENTIFIER);
    }
    add(
        "identifiers",
        "session id with a newline",
        FrameEvent.newBuilder(frame("cam-session")).setSessionId("call-1\nINFO forged").build(),
        DeadLetterReason.INVALID_IDENTIFIER);
  }

  // --- timestamps that would drag event time forward or misplace a frame -----------------------

  private void timestamps() {
    // 50 minutes: Kafka brokers refuse record timestamps more than an hour ahead of their clock
    // (log.message.timestamp.after.max.ms), so this is as far as an attacker's timestamp gets.
    for (int i = 0; i < 5; i++) {
      Instant future = now.plus(Duration.ofMinutes(50)).plusSeconds(i);
      FrameEvent f = FrameEvent.newBuilder(frame("cam-future-" + i)).setCaptureTime(future).build();
      add(
          "timestamps",
          "captured 50 minutes ahead " + i,
          f,
          future.toEpochMilli(),
          DeadLetterReason.INVALID_FRAME);
    }
    FrameEvent days =
        FrameEvent.newBuilder(frame("cam-future-days"))
            .setCaptureTime(now.plus(Duration.ofDays(400)))
            .build();
    add(
        "timestamps",
        "captured 400 days ahead, record stamped now",
        days,
        captureOf(frame("x")),
        DeadLetterReason.INVALID_FRAME);
    FrameEvent before1970 =
        FrameEvent.newBuilder(frame("cam-1969"))
            .setCaptureTime(Instant.ofEpochMilli(-5_000))
            .build();
    add(
        "timestamps",
        "captured before 1970",
        before1970,
        captureOf(frame("x")),
        DeadLetterReason.INVALID_FRAME);
    FrameEvent skewed = frame("cam-skew");
    add(
        "timestamps",
        "record timestamp 50 minutes after capture",
        skewed,
        skewed.getCaptureTime().toEpochMilli() + 3_000_000,
        DeadLetterReason.INVALID_FRAME);
  }

  // --- edge face boxes outside the contract ------------------------------------------------------

  private void edgeBoxes() {
    float n = Float.NaN;
    float inf = Float.POSITIVE_INFINITY;
    float[][] boxes = {
      {n, 10, 100, 100, 0.9f},
      {10, n, 100, 100, 0.9f},
      {10, 10, inf, 100, 0.9f},
      {10, 10, 100, Float.NEGATIVE_INFINITY, 0.9f},
      {10, 10, 0, 100, 0.9f},
      {10, 10, 100, -5, 0.9f},
      {600, 10, 100, 100, 0.9f},
      {-200, 10, 100, 100, 0.9f},
      {10, 10, 100, 100, 1.5f},
      {10, 10, 100, 100, -0.1f},
      {10, 10, 100, 100, n},
    };
    for (float[] b : boxes) {
      add(
          "edge boxes",
          "box " + Arrays.toString(b),
          FrameEvent.newBuilder(frame("cam-boxes")).setFaces(List.of(box(b))).build(),
          DeadLetterReason.INVALID_FACE_BOX);
    }
    for (int count : new int[] {33, 10_000}) {
      List<FaceBox> many = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        many.add(box(new float[] {100, 100, 200, 200, 0.9f}));
      }
      add(
          "edge boxes",
          count + " boxes",
          FrameEvent.newBuilder(frame("cam-boxes")).setFaces(many).build(),
          DeadLetterReason.INVALID_FACE_BOX);
    }
  }

  // --- images: mislabelled, truncated, CMYK, bombs, wrong sizes ---------------------------------

  private void images(long maxPayloadBytes) throws IOException {
    BufferedImage face = SampleFrames.portrait();
    byte[] jpeg = FrameEvents.jpeg(0);
    byte[] png = write(face, "png");
    byte[] bmp = write(face, "bmp");
    byte[] gif = write(face, "gif");
    image("png declared jpeg", FrameEncoding.JPEG, png, DeadLetterReason.INVALID_FRAME);
    image("jpeg declared png", FrameEncoding.PNG, jpeg, DeadLetterReason.INVALID_FRAME);
    image("bmp declared jpeg", FrameEncoding.JPEG, bmp, DeadLetterReason.UNDECODABLE_IMAGE);
    image("bmp declared png", FrameEncoding.PNG, bmp, DeadLetterReason.UNDECODABLE_IMAGE);
    image("gif declared jpeg", FrameEncoding.JPEG, gif, DeadLetterReason.UNDECODABLE_IMAGE);
    image("cmyk jpeg", FrameEncoding.JPEG, cmykJpeg(face), DeadLetterReason.UNDECODABLE_IMAGE);
    image(
        "jpeg cut at 600 bytes",
        FrameEncoding.JPEG,
        Arrays.copyOf(jpeg, 600),
        DeadLetterReason.UNDECODABLE_IMAGE);
    image(
        "jpeg cut at half",
        FrameEncoding.JPEG,
        Arrays.copyOf(jpeg, jpeg.length / 2),
        DeadLetterReason.UNDECODABLE_IMAGE);
    image(
        "jpeg without its end marker",
        FrameEncoding.JPEG,
        Arrays.copyOf(jpeg, jpeg.length - 2),
        DeadLetterReason.UNDECODABLE_IMAGE);
    int scan = indexOfPair(jpeg, (byte) 0xFF, (byte) 0xDA);
    byte[] headersOnly = Arrays.copyOf(jpeg, scan + 20);
    headersOnly[headersOnly.length - 2] = (byte) 0xFF;
    headersOnly[headersOnly.length - 1] = (byte) 0xD9;
    image(
        "jpeg headers and an end marker, no scan data",
        FrameEncoding.JPEG,
        headersOnly,
        DeadLetterReason.UNDECODABLE_IMAGE);
    image(
        "jpeg headers only",
        FrameEncoding.JPEG,
        Arrays.copyOf(jpeg, scan),
        DeadLetterReason.UNDECODABLE_IMAGE);
    image(
        "png cut at half",
        FrameEncoding.PNG,
        Arrays.copyOf(png, png.length / 2),
        DeadLetterReason.UNDECODABLE_IMAGE);
    image(
        "png without IEND",
        FrameEncoding.PNG,
        Arrays.copyOf(png, png.length - 12),
        DeadLetterReason.UNDECODABLE_IMAGE);
    byte[] trailing = Arrays.copyOf(png, png.length + 100);
    image(
        "png with bytes after IEND",
        FrameEncoding.PNG,
        trailing,
        DeadLetterReason.UNDECODABLE_IMAGE);
    image(
        "png bomb header 60000x60000",
        FrameEncoding.PNG,
        withPngSize(png, 60_000, 60_000),
        DeadLetterReason.INVALID_FRAME);
    image(
        "jpeg header 8000x8000, declared 512",
        FrameEncoding.JPEG,
        withJpegSize(jpeg, 8000, 8000),
        DeadLetterReason.INVALID_FRAME);
    add(
        "images",
        "declared 100000 wide",
        FrameEvent.newBuilder(frame("cam-img")).setWidth(100_000).build(),
        DeadLetterReason.INVALID_FRAME);
    add(
        "images",
        "declared 0 high",
        FrameEvent.newBuilder(frame("cam-img")).setHeight(0).build(),
        DeadLetterReason.INVALID_FRAME);
    add(
        "images",
        "declared 640 wide, is 512",
        FrameEvents.wrongSize("cam-img", next(), now.minusSeconds(10)),
        DeadLetterReason.INVALID_FRAME);
    add(
        "images",
        "raw rgb of the wrong length",
        FrameEvent.newBuilder(frame("cam-img"))
            .setEncoding(FrameEncoding.RAW_RGB24)
            .setPayload(ByteBuffer.wrap(new byte[1000]))
            .build(),
        DeadLetterReason.INVALID_FRAME);
    byte[] random = new byte[2000];
    new Random(7).nextBytes(random);
    image(
        "random bytes declared jpeg",
        FrameEncoding.JPEG,
        random,
        DeadLetterReason.UNDECODABLE_IMAGE);
    if (maxPayloadBytes < 4 << 20) { // an inline payload over the limit that still fits a record
      byte[] big = Arrays.copyOf(jpeg, (int) maxPayloadBytes + 1);
      image("inline payload over the limit", FrameEncoding.JPEG, big, DeadLetterReason.OVERSIZED);
    }
  }

  // --- claim checks out of the store, at devices, lying about size or digest --------------------

  private void claimChecks(Path store, Path outside, long maxPayloadBytes) throws IOException {
    byte[] jpeg = FrameEvents.jpeg(1);
    Files.createDirectories(store);
    Files.createDirectories(outside);
    Path foreign = Files.write(outside.resolve("foreign.jpg"), jpeg);
    Path inStore = Files.write(store.resolve("good.jpg"), jpeg);
    Path linkOut = store.resolve("link-out.jpg");
    Files.deleteIfExists(linkOut);
    Files.createSymbolicLink(linkOut, foreign);
    Path linkDevice = store.resolve("link-zero.jpg");
    Files.deleteIfExists(linkDevice);
    Files.createSymbolicLink(linkDevice, Path.of("/dev/zero"));
    Path subdir = Files.createDirectories(store.resolve("subdir"));
    String sha = Digests.sha256(jpeg);
    claim("/etc/passwd", "file:///etc/passwd", 100, null);
    claim("/dev/zero", "file:///dev/zero", 0, null);
    claim("/dev/zero with a size", "file:///dev/zero", jpeg.length, null);
    claim("/proc/self/environ", "file:///proc/self/environ", 10, null);
    claim(
        "dot-dot out of the store",
        store.toUri() + "../" + outside.getFileName() + "/foreign.jpg",
        jpeg.length,
        sha);
    claim("dot-dot to /etc", store.toUri() + "../../../../../../etc/passwd", 100, null);
    claim("a real jpeg outside the store", foreign.toUri().toString(), jpeg.length, sha);
    claim("symlink in the store to a jpeg outside", linkOut.toUri().toString(), jpeg.length, sha);
    claim("symlink in the store to /dev/zero", linkDevice.toUri().toString(), jpeg.length, null);
    claim("a directory in the store", subdir.toUri().toString(), 10, null);
    claim("the store itself", store.toUri().toString(), 10, null);
    claim("missing blob", store.resolve("missing.jpg").toUri().toString(), 10, null);
    claim("size that is not the blob's", inStore.toUri().toString(), jpeg.length + 1, null);
    claim("digest that is not the blob's", inStore.toUri().toString(), jpeg.length, "00ff");
    claim("s3 scheme", "s3://bucket/key.jpg", 10, null);
    claim("http scheme", "http://169.254.169.254/latest/meta-data", 10, null);
    claim("not a uri", "::: not a uri :::", 10, null);
    claim("file uri with a host", "file://evil-host/share/x.jpg", 10, null);
    add(
        "claim checks",
        "declares more than the payload limit",
        FrameEvents.claimChecked(
            "cam-claim",
            next(),
            now.minusSeconds(10),
            inStore.toUri().toString(),
            maxPayloadBytes + 1,
            null),
        DeadLetterReason.OVERSIZED);
  }

  private void consent() {
    for (int i = 0; i < 3; i++) {
      add(
          "consent",
          "stream without consent " + i,
          FrameEvent.newBuilder(frame("cam-no-consent"))
              .setConsent(new StreamConsent(ConsentScope.NONE, "none"))
              .build(),
          null);
    }
  }

  // --- helpers
  // ------------------------------------------------------------------------------------

  private FrameEvent frame(String camera) {
    return FrameEvents.frame(camera, next(), now.minusSeconds(10));
  }

  private long next() {
    return sequence++;
  }

  private static long captureOf(FrameEvent f) {
    return f.getCaptureTime().toEpochMilli();
  }

  private void claim(String name, String uri, long size, String sha) {
    add(
        "claim checks",
        name,
        FrameEvents.claimChecked("cam-claim", next(), now.minusSeconds(10), uri, size, sha),
        DeadLetterReason.CLAIM_CHECK_UNREADABLE);
  }

  private void image(String name, FrameEncoding declared, byte[] bytes, DeadLetterReason expected) {
    add(
        "images",
        name,
        FrameEvent.newBuilder(frame("cam-img"))
            .setEncoding(declared)
            .setPayload(ByteBuffer.wrap(bytes))
            .build(),
        expected);
  }

  private void add(String category, String name, FrameEvent f, DeadLetterReason expected) {
    add(category, name, f, captureOf(f), expected);
  }

  private void add(
      String category, String name, FrameEvent f, long timestamp, DeadLetterReason expected) {
    out.add(
        new Hostile(category, name, key(f.getCameraId()), CODEC.encode(f), timestamp, expected));
  }

  private void raw(String category, String name, byte[] value, DeadLetterReason expected) {
    out.add(
        new Hostile(
            category, name, key("cam-raw"), value, now.minusSeconds(10).toEpochMilli(), expected));
  }

  private static byte[] key(String camera) {
    byte[] k = camera.getBytes(StandardCharsets.UTF_8);
    return k.length > 1024 ? Arrays.copyOf(k, 1024) : k;
  }

  private static FaceBox box(float[] b) {
    return new FaceBox(b[0], b[1], b[2], b[3], b[4]);
  }

  private static byte[] write(BufferedImage image, String format) throws IOException {
    BufferedImage rgb =
        new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    rgb.getGraphics().drawImage(image, 0, 0, null);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (!ImageIO.write(rgb, format, out)) {
      throw new IOException("no " + format + " writer");
    }
    return out.toByteArray();
  }

  /** A 4-component (CMYK) JPEG, as print workflows and some phone apps produce. */
  private static byte[] cmykJpeg(BufferedImage image) throws IOException {
    int w = image.getWidth();
    int h = image.getHeight();
    WritableRaster cmyk = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 4, null);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int p = image.getRGB(x, y);
        cmyk.setPixel(
            x,
            y,
            new int[] {255 - ((p >> 16) & 0xff), 255 - ((p >> 8) & 0xff), 255 - (p & 0xff), 0});
      }
    }
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(ios);
      writer.write(null, new IIOImage(cmyk, null, null), null);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }

  /** The PNG with its IHDR size replaced (the CRC no longer matches: a header-only bomb). */
  private static byte[] withPngSize(byte[] png, int width, int height) {
    byte[] b = png.clone();
    ByteBuffer.wrap(b, 16, 8).putInt(width).putInt(height);
    return b;
  }

  /** The JPEG with its frame header's size replaced. */
  private static byte[] withJpegSize(byte[] jpeg, int width, int height) {
    byte[] b = jpeg.clone();
    int sof = indexOfPair(b, (byte) 0xFF, (byte) 0xC0);
    if (sof < 0) {
      sof = indexOfPair(b, (byte) 0xFF, (byte) 0xC2);
    }
    ByteBuffer.wrap(b, sof + 5, 4).putShort((short) height).putShort((short) width);
    return b;
  }

  private static int indexOfPair(byte[] b, byte first, byte second) {
    for (int i = 0; i + 1 < b.length; i++) {
      if (b[i] == first && b[i + 1] == second) {
        return i;
      }
    }
    return -1;
  }

  private static int lastIndexOfPair(byte[] b, byte first, byte second) {
    for (int i = b.length - 2; i >= 0; i--) {
      if (b[i] == first && b[i + 1] == second) {
        return i;
      }
    }
    return -1;
  }

  /** {@code bytes} with the one-byte varint at {@code at} replaced by the zigzag varint of n. */
  private static byte[] withVarint(byte[] bytes, int at, long n) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(bytes, 0, at);
    long zigzag = (n << 1) ^ (n >> 63);
    while ((zigzag & ~0x7FL) != 0) {
      out.write((int) ((zigzag & 0x7F) | 0x80));
      zigzag >>>= 7;
    }
    out.write((int) zigzag);
    out.write(bytes, at + 1, bytes.length - at - 1);
    return out.toByteArray();
  }
}
