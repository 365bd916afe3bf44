-- Alerts (the analytics job's rules firing) as a Flink SQL table.
-- Topics written with kafka.value-format=REGISTRY: add
--   'value.emostream-avro.schema-registry.url' = 'http://registry:8081'
CREATE TABLE emotion_alerts (
  `alert_id` STRING NOT NULL,
  `camera_id` STRING NOT NULL,
  `session_id` STRING,
  `track_id` STRING,
  `rule` STRING NOT NULL,
  `severity` STRING NOT NULL,
  `expression` STRING NOT NULL,
  `value` FLOAT NOT NULL,
  `window_start` TIMESTAMP_LTZ(3) NOT NULL,
  `window_end` TIMESTAMP_LTZ(3) NOT NULL,
  `message` STRING NOT NULL,
  `created_time` TIMESTAMP_LTZ(3) NOT NULL
) WITH (
  'connector' = 'kafka',
  'topic' = 'emostream.emotion-alerts.v1',
  'properties.bootstrap.servers' = 'localhost:9092',
  'properties.group.id' = 'emostream-sql',
  'properties.isolation.level' = 'read_committed',
  'scan.startup.mode' = 'earliest-offset',
  'value.format' = 'emostream-avro',
  'value.emostream-avro.record' = 'io.emostream.schemas.event.EmotionAlert'
);
