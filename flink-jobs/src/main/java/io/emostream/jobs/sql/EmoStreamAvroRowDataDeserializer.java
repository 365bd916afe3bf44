package io.emostream.jobs.sql;

import io.emostream.schemas.codec.AvroCodec;
import io.emostream.schemas.codec.RecordDecodeException;
import io.emostream.schemas.registry.SchemaRegistry;
import java.io.IOException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.AvroToRowDataConverters;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

/**
 * One EmoStream record (Avro single-object encoding or the registry wire format, any released
 * schema version) → one row whose top-level columns are the record's fields of the same names, in
 * any order and any subset. Nested records (e.g. the distribution) are ROWs of all their fields in
 * schema order.
 */
final class EmoStreamAvroRowDataDeserializer implements DeserializationSchema<RowData> {
  private static final long serialVersionUID = 1L;

  private final String recordClass;
  private final RowType rowType;
  private final TypeInformation<RowData> producedType;
  private final boolean ignoreParseErrors;
  private final String registryUrl;

  private transient AvroCodec<? extends SpecificRecord> codec;
  private transient AvroToRowDataConverters.AvroToRowDataConverter converter;
  private transient int[] positions;

  EmoStreamAvroRowDataDeserializer(
      String recordClass,
      RowType rowType,
      TypeInformation<RowData> producedType,
      boolean ignoreParseErrors,
      String registryUrl) {
    this.recordClass = recordClass;
    this.rowType = rowType;
    this.producedType = producedType;
    this.ignoreParseErrors = ignoreParseErrors;
    this.registryUrl = registryUrl;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void open(InitializationContext context) throws Exception {
    Class<?> type =
        Class.forName(recordClass, true, Thread.currentThread().getContextClassLoader());
    if (!SpecificRecord.class.isAssignableFrom(type)) {
      throw new IllegalArgumentException(recordClass + " is not an Avro record class");
    }
    AvroCodec<? extends SpecificRecord> plain =
        AvroCodec.of((Class<? extends SpecificRecord>) type);
    codec = registryUrl == null ? plain : plain.withRegistry(SchemaRegistry.at(registryUrl));
    Schema schema = codec.schema();
    List<String> columns = rowType.getFieldNames();
    positions = new int[columns.size()];
    for (int i = 0; i < positions.length; i++) {
      Schema.Field field = schema.getField(columns.get(i));
      if (field == null) {
        throw new IllegalArgumentException(
            "column "
                + columns.get(i)
                + " is not a field of "
                + schema.getFullName()
                + " (fields: "
                + schema.getFields().stream().map(Schema.Field::name).toList()
                + ")");
      }
      positions[i] = field.pos();
    }
    converter = AvroToRowDataConverters.createRowConverter(rowType, false);
  }

  @Override
  public RowData deserialize(byte[] message) throws IOException {
    if (message == null) {
      return null;
    }
    IndexedRecord record;
    try {
      record = codec.decode(message);
    } catch (RecordDecodeException e) {
      if (ignoreParseErrors) {
        return null;
      }
      throw new IOException("not a " + recordClass + ": " + e.getMessage(), e);
    }
    return (RowData) converter.convert(new Columns(record, positions));
  }

  @Override
  public boolean isEndOfStream(RowData nextElement) {
    return false;
  }

  @Override
  public TypeInformation<RowData> getProducedType() {
    return producedType;
  }

  /** The record's fields in the table's column order. */
  private record Columns(IndexedRecord record, int[] positions) implements IndexedRecord {
    @Override
    public Object get(int i) {
      return record.get(positions[i]);
    }

    @Override
    public void put(int i, Object v) {
      throw new UnsupportedOperationException("read-only");
    }

    @Override
    public Schema getSchema() {
      return record.getSchema();
    }
  }
}
