package io.emostream.jobs.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emostream.schemas.event.EmotionScore;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class KafkaIoTest {

  @Test
  void exactlyOnceWithoutCheckpointingFailsAtBuildTimeNamingTheSetting() {
    KafkaIo kafka = new KafkaIo(Configuration.fromMap(Map.of()));
    assertThatThrownBy(
            () -> kafka.sink(kafka.topics().emotionScores(), EmotionScore.class, s -> null))
        .hasMessage(
            "kafka.sink.delivery-guarantee=EXACTLY_ONCE commits Kafka transactions on checkpoints: set "
                + "execution.checkpointing.interval (e.g. 5s), or choose AT_LEAST_ONCE");
  }

  @Test
  void aTransactionTimeoutNotAboveTheCheckpointIntervalFailsAtBuildTime() {
    KafkaIo kafka =
        new KafkaIo(
            Configuration.fromMap(
                Map.of(
                    "execution.checkpointing.interval", "5 min",
                    "kafka.sink.transaction-timeout", "1 min")));
    assertThatThrownBy(
            () -> kafka.sink(kafka.topics().emotionScores(), EmotionScore.class, s -> null))
        .hasMessageStartingWith("kafka.sink.transaction-timeout (1 min) must exceed")
        .hasMessageContaining("execution.checkpointing.interval (5 min)");
  }

  @Test
  void buildsSinksOnceCheckpointingIsOnOrDeliveryIsAtLeastOnce() {
    KafkaIo checkpointed =
        new KafkaIo(Configuration.fromMap(Map.of("execution.checkpointing.interval", "5s")));
    assertThat(
            checkpointed.sink(checkpointed.topics().emotionScores(), EmotionScore.class, s -> null))
        .isNotNull();

    KafkaIo atLeastOnce =
        new KafkaIo(
            Configuration.fromMap(Map.of("kafka.sink.delivery-guarantee", "AT_LEAST_ONCE")));
    assertThat(
            atLeastOnce.sink(atLeastOnce.topics().emotionScores(), EmotionScore.class, s -> null))
        .isNotNull();
  }
}
