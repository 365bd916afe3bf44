package io.emostream.jobs.frames;

import io.emostream.schemas.event.DeadLetterReason;
import io.emostream.schemas.event.FrameEncoding;

/**
 * What a compressed image's own bytes say it is, read from its headers without decoding a pixel:
 * the format (sniffed, not taken from the event), the size and the number of colour components. It
 * also checks that the stream is complete (JPEG: a scan and the end-of-image marker; PNG: a chain
 * of chunks from IHDR through IDAT to a final IEND), so a truncated upload never reaches a decoder
 * that would conceal the missing part.
 */
record ImageHeader(FrameEncoding format, int width, int height, int components) {

  /**
   * Reads and checks the header of a JPEG or PNG payload.
   *
   * @throws FrameRejectedException UNDECODABLE_IMAGE when the bytes are neither, are cut short or
   *     use a colour model the job does not decode correctly (CMYK/YCCK JPEG)
   */
  static ImageHeader read(byte[] bytes) throws FrameRejectedException {
    if (isJpeg(bytes)) {
      return jpeg(bytes);
    }
    if (isPng(bytes)) {
      return png(bytes);
    }
    throw undecodable("the bytes are neither JPEG nor PNG (" + bytes.length + " bytes)");
  }

  private static boolean isJpeg(byte[] b) {
    return b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff;
  }

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private static boolean isPng(byte[] b) {
    if (b.length < PNG_SIGNATURE.length) {
      return false;
    }
    for (int i = 0; i < PNG_SIGNATURE.length; i++) {
      if (b[i] != PNG_SIGNATURE[i]) {
        return false;
      }
    }
    return true;
  }

  /** Walks the marker segments from SOI to the first scan (SOS); the data must end with EOI. */
  private static ImageHeader jpeg(byte[] b) throws FrameRejectedException {
    int width = -1;
    int height = -1;
    int components = -1;
    int pos = 2;
    while (true) {
      if (pos + 4 > b.length) {
        throw undecodable("JPEG ends inside its headers, before any scan data");
      }
      if ((b[pos] & 0xff) != 0xff) {
        throw undecodable("JPEG marker expected at byte " + pos);
      }
      int marker = b[pos + 1] & 0xff;
      if (marker == 0xff) {
        pos++; // fill byte
        continue;
      }
      int length = u16(b, pos + 2);
      if (length < 2 || pos + 2 + length > b.length) {
        throw undecodable("JPEG segment at byte " + pos + " runs past the end of the data");
      }
      if (isStartOfFrame(marker)) {
        if (length < 8) {
          throw undecodable("JPEG frame header too short");
        }
        height = u16(b, pos + 5);
        width = u16(b, pos + 7);
        components = b[pos + 9] & 0xff;
      } else if (marker == 0xda) { // start of scan: headers end here
        break;
      }
      pos += 2 + length;
    }
    if (width <= 0 || height <= 0) {
      throw undecodable("JPEG has no frame header (SOF) with a size before its scan data");
    }
    if (components == 4) {
      throw undecodable(
          "CMYK/YCCK JPEG (4 colour components) is not supported; send YCbCr colour or grayscale");
    }
    if (components != 1 && components != 3) {
      throw undecodable("JPEG with " + components + " colour components is not supported");
    }
    if (b.length < 4 || (b[b.length - 2] & 0xff) != 0xff || (b[b.length - 1] & 0xff) != 0xd9) {
      throw undecodable("JPEG is truncated: it does not end with the end-of-image marker");
    }
    return new ImageHeader(FrameEncoding.JPEG, width, height, components);
  }

  /** SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range. */
  private static boolean isStartOfFrame(int marker) {
    return marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
  }

  /** Walks the chunk chain: IHDR first, at least one IDAT, IEND last and exactly at the end. */
  private static ImageHeader png(byte[] b) throws FrameRejectedException {
    int pos = PNG_SIGNATURE.length;
    int width = -1;
    int height = -1;
    int components = -1;
    boolean data = false;
    boolean first = true;
    while (true) {
      if (pos + 12 > b.length) {
        throw undecodable("PNG is truncated: its chunks end before IEND");
      }
      long length = u32(b, pos);
      String type = new String(b, pos + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
      if (length > b.length - pos - 12L) {
        throw undecodable("PNG is truncated: chunk " + type + " runs past the end of the data");
      }
      if (first) {
        if (!type.equals("IHDR") || length < 13) {
          throw undecodable("PNG does not start with an IHDR chunk");
        }
        width = (int) Math.min(u32(b, pos + 8), Integer.MAX_VALUE);
        height = (int) Math.min(u32(b, pos + 12), Integer.MAX_VALUE);
        components =
            switch (b[pos + 17]) {
              case 0 -> 1; // gray
              case 2 -> 3; // RGB
              case 3 -> 3; // palette
              case 4 -> 2; // gray + alpha
              case 6 -> 4; // RGBA
              default -> throw undecodable("PNG colour type " + b[pos + 17] + " is not valid");
            };
        first = false;
      } else if (type.equals("IDAT")) {
        data = true;
      } else if (type.equals("IEND")) {
        if (!data) {
          throw undecodable("PNG has no image data (IDAT)");
        }
        if (pos + 12 != b.length) {
          throw undecodable("PNG has " + (b.length - pos - 12) + " bytes after IEND");
        }
        break;
      }
      pos += (int) (12 + length);
    }
    if (width <= 0 || height <= 0) {
      throw undecodable("PNG declares an empty image");
    }
    return new ImageHeader(FrameEncoding.PNG, width, height, components);
  }

  private static int u16(byte[] b, int at) {
    return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
  }

  private static long u32(byte[] b, int at) {
    return ((long) (b[at] & 0xff) << 24)
        | ((b[at + 1] & 0xff) << 16)
        | ((b[at + 2] & 0xff) << 8)
        | (b[at + 3] & 0xff);
  }

  private static FrameRejectedException undecodable(String why) {
    return new FrameRejectedException(DeadLetterReason.UNDECODABLE_IMAGE, why);
  }
}
