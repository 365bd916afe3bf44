package io.emostream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.emostream.jobs.config.KafkaOptions;
import io.emostream.kafka.embedded.TestKafka;
import io.emostream.model.bundle.ModelBundle;
import io.emostream.model.bundle.ReleaseVerifier;
import io.emostream.schemas.codec.AvroCodec;
import io.emostream.schemas.event.ModelRelease;
import io.emostream.schemas.topic.KafkaTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user brings a bundle: keygen, sign, publish; a scoring job trusting the key would serve it. */
class ReleaseCommandITCase {
  @TempDir Path dir;

  @Test
  void keygenSignAndPublishMakeAReleaseTheScoringJobAccepts() throws Exception {
    Path topicsFile = TestKafka.freshTopics(dir);
    Path key = dir.resolve("keys/team.key");
    Path bundle = dir.resolve("models/my-model");
    ModelBundle.builtIn().writeTo(bundle);

    assertThat(EmoStreamCli.run("release", "keygen", "--key", key.toString())).isZero();
    assertThat(EmoStreamCli.run("release", "keygen", "--key", key.toString()))
        .as("an existing key is never overwritten")
        .isNotZero();
    assertThat(EmoStreamCli.run("release", "sign", bundle.toString(), "--key", key.toString()))
        .isZero();
    assertThat(bundle.resolve(ReleaseCommand.SIGNATURE_FILE)).exists();
    assertThat(
            EmoStreamCli.run(
                "release",
                "publish",
                bundle.toString(),
                "--bootstrap-servers",
                TestKafka.bootstrapServers(),
                "-D",
                KafkaOptions.TOPICS_FILE.key() + "=" + topicsFile,
                "-D",
                "scoring.model.releases-root=" + dir.resolve("models")))
        .isZero();

    List<ModelRelease> releases =
        TestKafka.readValues(
            KafkaTopics.load(topicsFile).modelReleases().name(),
            AvroCodec.of(ModelRelease.class),
            1,
            Duration.ofSeconds(20));
    assertThat(releases).hasSize(1);
    ReleaseVerifier scoringJob =
        new ReleaseVerifier(
            dir.resolve("models").toString(),
            List.of(dir.resolve("keys/team.pub").toString()),
            ModelBundle.DEFAULT_MAX_BYTES);
    assertThatCode(() -> scoringJob.verify(releases.get(0))).doesNotThrowAnyException();
  }
}
