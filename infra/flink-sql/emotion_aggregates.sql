-- Per-camera and per-session aggregates (the analytics job's output) as a Flink SQL table.
-- Topics written with kafka.value-format=REGISTRY: add
--   'value.emostream-avro.schema-registry.url' = 'http://registry:8081'
CREATE TABLE emotion_aggregates (
  `scope` STRING NOT NULL,
  `camera_id` STRING NOT NULL,
  `session_id` STRING,
  `window_start` TIMESTAMP_LTZ(3) NOT NULL,
  `window_end` TIMESTAMP_LTZ(3) NOT NULL,
  `clips` INT NOT NULL,
  `faces` INT NOT NULL,
  `share` ROW<neutral FLOAT, happy FLOAT, sad FLOAT, angry FLOAT, fear FLOAT, disgust FLOAT, surprise FLOAT> NOT NULL,
  `mean_distribution` ROW<neutral FLOAT, happy FLOAT, sad FLOAT, angry FLOAT, fear FLOAT, disgust FLOAT, surprise FLOAT> NOT NULL,
  `mean_ambiguity` FLOAT NOT NULL,
  `dominant` STRING NOT NULL
) WITH (
  'connector' = 'kafka',
  'topic' = 'emostream.emotion-aggregates.v1',
  'properties.bootstrap.servers' = 'localhost:9092',
  'properties.group.id' = 'emostream-sql',
  'properties.isolation.level' = 'read_committed',
  'scan.startup.mode' = 'earliest-offset',
  'value.format' = 'emostream-avro',
  'value.emostream-avro.record' = 'io.emostream.schemas.event.EmotionAggregate'
);
