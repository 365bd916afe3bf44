-- EmoStream's emotion scores as a Flink SQL table (Kafka connector, read_committed).
-- Needs emostream-flink-jobs (the 'emostream-avro' format) and flink-sql-connector-kafka on the
-- SQL client's classpath. Columns are matched to the record's fields by name; any subset works.
-- Topics written with kafka.value-format=REGISTRY: add
--   'value.emostream-avro.schema-registry.url' = 'http://registry:8081'
-- Names are quoted: several (distribution, scope, value) are SQL keywords.
-- FlinkSqlTablesITCase runs this file against a real broker.
CREATE TABLE emotion_scores (
  `camera_id` STRING NOT NULL,
  `session_id` STRING,
  `track_id` STRING NOT NULL,
  `window_start` TIMESTAMP_LTZ(3) NOT NULL,
  `window_end` TIMESTAMP_LTZ(3) NOT NULL,
  `frame_count` INT NOT NULL,
  `distribution` ROW<neutral FLOAT, happy FLOAT, sad FLOAT, angry FLOAT, fear FLOAT, disgust FLOAT, surprise FLOAT> NOT NULL,
  `top_class` STRING NOT NULL,
  `confidence` FLOAT NOT NULL,
  `ambiguity` FLOAT NOT NULL,
  `model_version` STRING NOT NULL,
  `processing_latency_millis` BIGINT NOT NULL,
  WATERMARK FOR `window_end` AS `window_end` - INTERVAL '5' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = 'emostream.emotion-scores.v1',
  'properties.bootstrap.servers' = 'localhost:9092',
  'properties.group.id' = 'emostream-sql',
  'properties.isolation.level' = 'read_committed',
  'scan.startup.mode' = 'earliest-offset',
  'value.format' = 'emostream-avro',
  'value.emostream-avro.record' = 'io.emostream.schemas.event.EmotionScore'
);
