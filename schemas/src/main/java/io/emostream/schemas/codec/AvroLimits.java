package io.emostream.schemas.codec;

import org.apache.avro.SystemLimitException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds on what one Avro body may declare, so a record of a hundred bytes cannot make the decoder
 * allocate gigabytes: an array or map count, a string length, a bytes length. Avro reads them from
 * system properties once, when its {@link SystemLimitException} class loads; {@link #install} sets
 * EmoStream's defaults unless the JVM was started with its own ({@code
 * -Dorg.apache.avro.limits.*}), and says so in the log if Avro had loaded its limits before. A body
 * that declares more fails with a {@code SystemLimitException}, which {@link AvroCodec} turns into
 * a {@code MALFORMED_RECORD}.
 */
public final class AvroLimits {
  /** Items of one array or map: a frame's face boxes, a release's metrics. */
  public static final int MAX_COLLECTION_ITEMS = 10_000;

  /** One string: identifiers, purposes, URIs, details. */
  public static final int MAX_STRING_BYTES = 1 << 20;

  /**
   * One bytes field: an inline image, a dead letter's original value (records are at most 8 MiB).
   */
  public static final int MAX_BYTES = 64 << 20;

  private static final Logger LOG = LoggerFactory.getLogger(AvroLimits.class);
  private static volatile boolean installed;

  private AvroLimits() {}

  /** Idempotent; called before the first record is decoded. */
  public static synchronized void install() {
    if (installed) {
      return;
    }
    setIfAbsent(SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY, MAX_COLLECTION_ITEMS);
    setIfAbsent(SystemLimitException.MAX_STRING_LENGTH_PROPERTY, MAX_STRING_BYTES);
    setIfAbsent(SystemLimitException.MAX_BYTES_LENGTH_PROPERTY, MAX_BYTES);
    if (!inEffect()) {
      LOG.warn(
          "Avro's decoding limits were fixed before EmoStream could set them: one malformed record "
              + "can allocate gigabytes. Start the JVM with -D{}={} (and the string and bytes limits).",
          SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY,
          MAX_COLLECTION_ITEMS);
    }
    installed = true;
  }

  /** Whether Avro refuses a collection just over its largest legitimate size. */
  static boolean inEffect() {
    try {
      SystemLimitException.checkMaxCollectionLength(
          Integer.getInteger(
                  SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY, MAX_COLLECTION_ITEMS)
              + 1L);
      return false;
    } catch (SystemLimitException e) {
      return true;
    }
  }

  private static void setIfAbsent(String property, int value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, String.valueOf(value));
    }
  }
}
