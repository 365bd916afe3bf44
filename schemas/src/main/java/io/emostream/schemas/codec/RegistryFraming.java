package io.emostream.schemas.codec;

import java.io.ByteArrayOutputStream;

/**
 * The schema-registry wire format of Confluent's serializers, which most Kafka clients and tools
 * read: byte 0 is a zero "magic" byte, bytes 1–4 the writer schema's registry id (big-endian), then
 * the Avro binary body. Single-object encoding starts with C3 01, so the first byte tells the two
 * apart.
 */
public final class RegistryFraming {
  public static final byte MAGIC_BYTE = 0;
  public static final int HEADER_BYTES = 5;

  private RegistryFraming() {}

  public static boolean isFramed(byte[] value) {
    return value != null && value.length >= HEADER_BYTES && value[0] == MAGIC_BYTE;
  }

  public static int schemaId(byte[] value) {
    return ((value[1] & 0xFF) << 24)
        | ((value[2] & 0xFF) << 16)
        | ((value[3] & 0xFF) << 8)
        | (value[4] & 0xFF);
  }

  static void writeHeader(ByteArrayOutputStream out, int schemaId) {
    out.write(MAGIC_BYTE);
    out.write(schemaId >>> 24);
    out.write(schemaId >>> 16);
    out.write(schemaId >>> 8);
    out.write(schemaId);
  }
}
