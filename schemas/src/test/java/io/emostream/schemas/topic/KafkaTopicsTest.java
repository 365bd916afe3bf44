package io.emostream.schemas.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class KafkaTopicsTest {
  private final KafkaTopics topics = KafkaTopics.bundled();

  @Test
  void everyTopicNamesAnAvroContractAndAFiniteOrExplicitRetention() throws Exception {
    assertThat(topics.all()).hasSizeGreaterThanOrEqualTo(9);
    for (TopicSpec t : topics.all()) {
      assertThat(SpecificRecord.class.isAssignableFrom(Class.forName(t.valueType())))
          .as("%s value type %s", t.id(), t.valueType())
          .isTrue();
      assertThat(t.config()).containsKey("retention.ms");
    }
  }

  @Test
  void topicsThatHoldImageBytesHaveFiniteRetention() {
    for (TopicSpec t :
        new TopicSpec[] {
          topics.frames(), topics.deadLetters(), topics.clipSamples(), topics.labelledClips()
        }) {
      long retention = Long.parseLong(t.config().get("retention.ms"));
      assertThat(retention).as(t.id()).isPositive();
    }
  }

  @Test
  void framesTopicTakesLargeRecordsAndDeadLettersTakeAWholeFrameRecord() {
    assertThat(topics.frames().maxMessageBytes()).isGreaterThanOrEqualTo(4 << 20);
    assertThat(topics.deadLetters().maxMessageBytes())
        .isGreaterThan(topics.frames().maxMessageBytes());
  }

  @Test
  void keepsTheOrderOfTheDefinition() {
    assertThat(topics.all())
        .extracting(TopicSpec::id)
        .startsWith("frames", "emotion-scores", "camera-stats");
  }

  @Test
  void namesAnUnknownLogicalId() {
    assertThatThrownBy(() -> topics.get("fames"))
        .hasMessageContaining("no topic with logical id 'fames'")
        .hasMessageContaining("frames");
  }

  @Test
  void requiresAnExplicitRetention() {
    String yaml =
        "topics:\n  x:\n    name: x.v1\n    value: io.emostream.schemas.event.FrameEvent\n    partitions: 1\n";
    assertThatThrownBy(
            () ->
                KafkaTopics.parse(
                    new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "t.yaml"))
        .hasMessage(
            "t.yaml: topics.x.config.retention.ms is required: every EmoStream topic has an explicit retention");
  }

  @Test
  void requiresPositivePartitions() {
    String yaml = "topics:\n  x:\n    name: x.v1\n    value: v\n    partitions: 0\n";
    assertThatThrownBy(
            () ->
                KafkaTopics.parse(
                    new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "t.yaml"))
        .hasMessage("t.yaml: topics.x.partitions must be a positive integer");
  }

  @Test
  void requiresAName() {
    String yaml = "topics:\n  x:\n    value: v\n    partitions: 1\n";
    assertThatThrownBy(
            () ->
                KafkaTopics.parse(
                    new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "t.yaml"))
        .hasMessage("t.yaml: topics.x.name is required");
  }
}
