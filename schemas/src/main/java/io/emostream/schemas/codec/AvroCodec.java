package io.emostream.schemas.codec;

import io.emostream.schemas.event.DeadLetterReason;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Bytes ↔ record for one record type, in Avro single-object encoding (a 2-byte marker, the writer
 * schema's 8-byte fingerprint, then the binary body).
 *
 * <p>Decoding is bounded ({@link AvroLimits}): a body that declares more items or bytes than a
 * record can hold is a {@code MALFORMED_RECORD}, not an OutOfMemoryError.
 *
 * <p>Decoding accepts records written with the current schema and with every released version kept
 * under {@code io/emostream/schemas/history/<Record>/v<N>.avsc}. Instances are thread-safe and
 * serializable (Flink ships them to task managers); the Avro machinery is rebuilt lazily.
 *
 * <pre>{@code
 * AvroCodec<FrameEvent> codec = AvroCodec.of(FrameEvent.class);
 * byte[] bytes = codec.encode(frame);
 * FrameEvent back = codec.decode(bytes); // throws RecordDecodeException with a reason
 * }</pre>
 */
public final class AvroCodec<T extends SpecificRecord> implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final String HISTORY_ROOT = "/io/emostream/schemas/history/";

  static {
    AvroLimits.install(); // before Avro reads its limits: no record may declare gigabytes
  }

  /** Versions are probed up to this number; a gap ends the search. */
  private static final int MAX_HISTORY_VERSIONS = 1000;

  private final Class<T> type;
  private transient BinaryMessageEncoder<T> encoder;
  private transient BinaryMessageDecoder<T> decoder;
  private transient List<Schema> history;

  private AvroCodec(Class<T> type) {
    this.type = Objects.requireNonNull(type, "type");
  }

  public static <T extends SpecificRecord> AvroCodec<T> of(Class<T> type) {
    AvroCodec<T> codec = new AvroCodec<>(type);
    codec.init(); // fail at build time, not on the first record
    return codec;
  }

  public Class<T> type() {
    return type;
  }

  public Schema schema() {
    return SpecificData.get().getSchema(type);
  }

  /** The released earlier versions of this record's schema, oldest first. */
  public List<Schema> history() {
    init();
    return history;
  }

  public byte[] encode(T record) {
    init();
    try {
      ByteBuffer buffer = encoder.encode(record);
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode " + type.getSimpleName(), e);
    }
  }

  public T decode(byte[] bytes) throws RecordDecodeException {
    init();
    if (bytes == null) {
      throw new RecordDecodeException(
          DeadLetterReason.NOT_AVRO_SINGLE_OBJECT,
          "null value (tombstone) where a " + type.getSimpleName() + " was expected",
          null);
    }
    try {
      return decoder.decode(bytes);
    } catch (MissingSchemaException e) {
      throw new RecordDecodeException(
          DeadLetterReason.UNKNOWN_SCHEMA,
          "written with a schema that is not a known version of "
              + schema().getFullName()
              + ": "
              + e.getMessage(),
          e);
    } catch (BadHeaderException e) {
      throw new RecordDecodeException(
          DeadLetterReason.NOT_AVRO_SINGLE_OBJECT,
          "not Avro single-object encoding (" + e.getMessage() + "); " + bytes.length + " bytes",
          e);
    } catch (IOException | RuntimeException e) {
      // Any failure to read a body is the record's: AvroRuntimeException, index and array-size
      // errors, and UnsupportedOperationException for lengths beyond the JVM's (e.g. 2^40 bytes).
      throw new RecordDecodeException(
          DeadLetterReason.MALFORMED_RECORD,
          "malformed "
              + type.getSimpleName()
              + " body ("
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage()
              + "); "
              + bytes.length
              + " bytes",
          e);
    }
  }

  /** 64-bit Rabin fingerprint of the current schema, as written into every encoded record. */
  public long fingerprint() {
    return SchemaNormalization.parsingFingerprint64(schema());
  }

  private synchronized void init() {
    if (decoder != null) {
      return;
    }
    SpecificData model = SpecificData.getForClass(type);
    Schema current = model.getSchema(type);
    encoder = new BinaryMessageEncoder<>(model, current);
    BinaryMessageDecoder<T> d = new BinaryMessageDecoder<>(model, current);
    history = loadHistory(current);
    history.forEach(d::addSchema);
    decoder = d;
  }

  private List<Schema> loadHistory(Schema current) {
    List<Schema> versions = new ArrayList<>();
    for (int v = 1; v <= MAX_HISTORY_VERSIONS; v++) {
      String resource = HISTORY_ROOT + current.getName() + "/v" + v + ".avsc";
      try (InputStream in = AvroCodec.class.getResourceAsStream(resource)) {
        if (in == null) {
          break;
        }
        Schema old = new Schema.Parser().parse(in);
        if (!old.getFullName().equals(current.getFullName())) {
          throw new IllegalStateException(
              resource + " defines " + old.getFullName() + ", expected " + current.getFullName());
        }
        versions.add(old);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read schema history " + resource, e);
      }
    }
    return List.copyOf(versions);
  }
}
