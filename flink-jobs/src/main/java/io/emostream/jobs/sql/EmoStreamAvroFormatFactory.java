package io.emostream.jobs.sql;

import java.util.Set;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DeserializationFormatFactory;
import org.apache.flink.table.factories.DynamicTableFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

/**
 * The Flink SQL format {@code 'emostream-avro'}: EmoStream's topics as SQL tables. Flink's own
 * {@code avro} format reads bare Avro binary and cannot skip the single-object header (magic,
 * schema fingerprint) the topics carry; this one decodes with the project's codec, so records
 * written with any released schema version read, and maps fields to columns by name. With a
 * registry URL it also reads values in the registry wire format ({@code kafka.value-format =
 * REGISTRY}), whichever each record carries.
 *
 * <pre>
 * 'value.format' = 'emostream-avro',
 * 'value.emostream-avro.record' = 'io.emostream.schemas.event.EmotionScore',
 * 'value.emostream-avro.schema-registry.url' = 'http://registry:8081'   -- optional
 * </pre>
 */
public final class EmoStreamAvroFormatFactory implements DeserializationFormatFactory {
  public static final String IDENTIFIER = "emostream-avro";

  public static final ConfigOption<String> RECORD =
      ConfigOptions.key("record")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "The Avro record class of the topic, e.g. io.emostream.schemas.event.EmotionScore.");

  public static final ConfigOption<Boolean> IGNORE_PARSE_ERRORS =
      ConfigOptions.key("ignore-parse-errors")
          .booleanType()
          .defaultValue(false)
          .withDescription(
              "Skip records that do not decode (the jobs dead-letter them); else fail.");

  public static final ConfigOption<String> SCHEMA_REGISTRY_URL =
      ConfigOptions.key("schema-registry.url")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "A Confluent-compatible schema registry: registry-framed values are read with the writer schema it holds.");

  @Override
  public DecodingFormat<DeserializationSchema<RowData>> createDecodingFormat(
      DynamicTableFactory.Context context, ReadableConfig options) {
    FactoryUtil.validateFactoryOptions(this, options);
    String record = options.get(RECORD);
    boolean ignoreErrors = options.get(IGNORE_PARSE_ERRORS);
    String registryUrl = options.getOptional(SCHEMA_REGISTRY_URL).orElse(null);
    return new DecodingFormat<>() {
      @Override
      public DeserializationSchema<RowData> createRuntimeDecoder(
          DynamicTableSource.Context ctx, DataType physicalDataType) {
        return new EmoStreamAvroRowDataDeserializer(
            record,
            (RowType) physicalDataType.getLogicalType(),
            ctx.createTypeInformation(physicalDataType),
            ignoreErrors,
            registryUrl);
      }

      @Override
      public ChangelogMode getChangelogMode() {
        return ChangelogMode.insertOnly();
      }
    };
  }

  @Override
  public String factoryIdentifier() {
    return IDENTIFIER;
  }

  @Override
  public Set<ConfigOption<?>> requiredOptions() {
    return Set.of(RECORD);
  }

  @Override
  public Set<ConfigOption<?>> optionalOptions() {
    return Set.of(IGNORE_PARSE_ERRORS, SCHEMA_REGISTRY_URL);
  }
}
