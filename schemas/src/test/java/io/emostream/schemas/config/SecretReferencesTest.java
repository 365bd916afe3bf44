package io.emostream.schemas.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretReferencesTest {
  @TempDir Path dir;

  @Test
  void resolvesEnvironmentAndFileReferencesInsideLongerValues() throws Exception {
    Path secret = Files.writeString(dir.resolve("kafka-password"), "s3cr3t\n");
    Map<String, String> resolved =
        SecretReferences.resolve(
            Map.of(
                "kafka.properties.sasl.jaas.config",
                "ScramLoginModule required username=\"${env:KAFKA_USER}\" password=\"${file:"
                    + secret
                    + "}\";",
                "scoring.stats.window",
                "5s"),
            Map.of("KAFKA_USER", "emostream"));
    assertThat(resolved)
        .containsEntry(
            "kafka.properties.sasl.jaas.config",
            "ScramLoginModule required username=\"emostream\" password=\"s3cr3t\";")
        .containsEntry("scoring.stats.window", "5s");
  }

  @Test
  void aReferenceThatResolvesToNothingFailsNamingTheSettingNotTheSecret() {
    assertThatThrownBy(
            () ->
                SecretReferences.resolve(
                    Map.of("kafka.properties.sasl.jaas.config", "${env:NOPE}"), Map.of()))
        .hasMessage(
            "kafka.properties.sasl.jaas.config refers to environment variable NOPE, which is not set");
    assertThatThrownBy(
            () ->
                SecretReferences.resolve(
                    Map.of("k", "${file:" + dir.resolve("missing") + "}"), Map.of()))
        .hasMessageContaining("k refers to file");
  }

  @Test
  void knowsWhichKeysHoldSecrets() {
    assertThat(SecretReferences.isSensitive("kafka.properties.sasl.jaas.config")).isTrue();
    assertThat(SecretReferences.isSensitive("kafka.properties.ssl.truststore.password")).isTrue();
    assertThat(SecretReferences.isSensitive("kafka.schema-registry.basic-auth.user-info")).isTrue();
    assertThat(SecretReferences.isSensitive("scoring.stats.window")).isFalse();
    assertThat(SecretReferences.hasReference("${env:X}")).isTrue();
    assertThat(SecretReferences.hasReference("plain")).isFalse();
  }
}
