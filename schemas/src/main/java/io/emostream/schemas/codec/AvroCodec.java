package io.emostream.schemas.codec;

import io.emostream.schemas.event.DeadLetterReason;
import io.emostream.schemas.registry.SchemaRegistry;
import java.io.ByteArrayOutputStream;
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
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Bytes ↔ record for one record type, in Avro single-object encoding (a 2-byte marker, the writer
 * schema's 8-byte fingerprint, then the binary body), or, with a {@link SchemaRegistry}, in the
 * registry wire format ({@link RegistryFraming}: a zero byte, the writer schema's 4-byte registry
 * id, then the binary body) that Confluent-compatible clients read.
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
 *
 * AvroCodec<EmotionScore> framed =
 *     AvroCodec.of(EmotionScore.class).withRegistry(registry).framedFor("scores-value");
 * }</pre>
 *
 * <p>A codec with a registry decodes both encodings, whichever a record carries: the first byte
 * tells them apart (single-object values start with C3, framed ones with 00).
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
  private final SchemaRegistry registry;
  private final String subject;
  private transient BinaryMessageEncoder<T> encoder;
  private transient SpecificDatumWriter<T> bodyWriter;
  private transient volatile Integer registeredId;
  private transient BinaryMessageDecoder<T> decoder;
  private transient List<Schema> history;

  private AvroCodec(Class<T> type, SchemaRegistry registry, String subject) {
    this.type = Objects.requireNonNull(type, "type");
    this.registry = registry;
    this.subject = subject;
  }

  public static <T extends SpecificRecord> AvroCodec<T> of(Class<T> type) {
    AvroCodec<T> codec = new AvroCodec<>(type, null, null);
    codec.init(); // fail at build time, not on the first record
    return codec;
  }

  /** This codec, also decoding registry-framed values with writer schemas from {@code registry}. */
  public AvroCodec<T> withRegistry(SchemaRegistry registry) {
    return new AvroCodec<>(type, Objects.requireNonNull(registry, "registry"), subject);
  }

  /**
   * This codec, encoding in the registry wire format with the current schema registered under
   * {@code subject} (by convention {@code <topic>-value}) on first use.
   */
  public AvroCodec<T> framedFor(String subject) {
    if (registry == null) {
      throw new IllegalStateException("the registry wire format needs a registry: withRegistry()");
    }
    return new AvroCodec<>(type, registry, Objects.requireNonNull(subject, "subject"));
  }

  /** Whether {@link #encode} writes the registry wire format. */
  public boolean framed() {
    return subject != null;
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
    if (subject != null) {
      return encodeFramed(record);
    }
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
    if (RegistryFraming.isFramed(bytes)) {
      return decodeFramed(bytes);
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
      throw malformed(bytes, e);
    }
  }

  private byte[] encodeFramed(T record) {
    Integer id = registeredId;
    if (id == null) {
      id = registry.register(subject, schema());
      registeredId = id;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    RegistryFraming.writeHeader(out, id);
    BinaryEncoder body = EncoderFactory.get().directBinaryEncoder(out, null);
    try {
      bodyWriter.write(record, body);
      body.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode " + type.getSimpleName(), e);
    }
    return out.toByteArray();
  }

  private T decodeFramed(byte[] bytes) throws RecordDecodeException {
    int id = RegistryFraming.schemaId(bytes);
    if (registry == null) {
      throw new RecordDecodeException(
          DeadLetterReason.NOT_AVRO_SINGLE_OBJECT,
          "registry-framed value (schema id "
              + id
              + ") but no schema registry is configured (kafka.schema-registry.url); "
              + bytes.length
              + " bytes",
          null);
    }
    // An unreachable registry is not the record's fault: SchemaRegistryException propagates.
    Schema writer =
        registry
            .schema(id)
            .orElseThrow(
                () ->
                    new RecordDecodeException(
                        DeadLetterReason.UNKNOWN_SCHEMA,
                        "schema id " + id + " is not known to " + registry.url(),
                        null));
    if (!writer.getFullName().equals(schema().getFullName())) {
      throw new RecordDecodeException(
          DeadLetterReason.UNKNOWN_SCHEMA,
          "schema id " + id + " is " + writer.getFullName() + ", not " + schema().getFullName(),
          null);
    }
    try {
      SpecificDatumReader<T> reader =
          new SpecificDatumReader<>(writer, schema(), SpecificData.getForClass(type));
      return reader.read(
          null,
          DecoderFactory.get()
              .binaryDecoder(
                  bytes,
                  RegistryFraming.HEADER_BYTES,
                  bytes.length - RegistryFraming.HEADER_BYTES,
                  null));
    } catch (IOException | RuntimeException e) {
      throw malformed(bytes, e);
    }
  }

  // Any failure to read a body is the record's: AvroRuntimeException, index and array-size errors,
  // and UnsupportedOperationException for lengths beyond the JVM's (e.g. 2^40 bytes).
  private RecordDecodeException malformed(byte[] bytes, Exception e) {
    return new RecordDecodeException(
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
    bodyWriter = new SpecificDatumWriter<>(current, model);
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
