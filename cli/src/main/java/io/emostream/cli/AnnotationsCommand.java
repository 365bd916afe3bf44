package io.emostream.cli;

import io.emostream.jobs.io.KafkaIo;
import io.emostream.model.data.LabelStudioExport;
import io.emostream.schemas.codec.AvroCodec;
import io.emostream.schemas.event.Annotation;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code emostream annotations import FILE}: votes from Label Studio onto the annotations topic.
 */
@Command(
    name = "annotations",
    mixinStandardHelpOptions = true,
    description = {
      "Imports annotators' votes from Label Studio's JSON export of a choices task (Export -> JSON)"
          + " onto the annotations topic, one Annotation per completed annotation, keyed by clip id:"
          + " one choice is a vote for that class, several an equal split. Cancelled annotations and"
          + " choices that name no expression are skipped and counted.",
      "The clip id is read from each task's data under --clip-key."
    },
    footer = {
      "",
      "Example:  bin/emostream annotations import export.json --clip-key clip_id --bootstrap-servers kafka-1:9092"
    })
final class AnnotationsCommand implements Callable<Integer> {
  @Mixin ConfigMixin config;

  @Parameters(index = "0", paramLabel = "ACTION", description = "import (the only action)")
  String action;

  @Parameters(index = "1", paramLabel = "FILE", description = "Label Studio JSON export.")
  Path file;

  @Option(
      names = "--clip-key",
      defaultValue = "clip_id",
      description = "Key of a task's data that holds the clip id (default ${DEFAULT-VALUE}).")
  String clipKey;

  @Mixin KafkaFlags kafkaFlags;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (!action.equals("import")) {
      throw new IllegalArgumentException("unknown action '" + action + "'; the action is: import");
    }
    Configuration conf = config.load(ConfigDefaults.givenSettings(spec));
    LabelStudioExport.Votes votes;
    try (InputStream in = Files.newInputStream(file)) {
      votes = LabelStudioExport.read(in, clipKey);
    }
    votes.problems().forEach(p -> System.err.println("skipped: " + p));
    KafkaIo kafka = new KafkaIo(conf);
    String topic = kafka.topics().annotations().name();
    AvroCodec<Annotation> codec = AvroCodec.of(Annotation.class);
    try (KafkaProducer<byte[], byte[]> producer = CliProducer.open(kafka, conf)) {
      for (Annotation a : votes.annotations()) {
        producer.send(
            new ProducerRecord<>(
                topic,
                null,
                a.getAnnotatedTime().toEpochMilli(),
                a.getClipId().getBytes(StandardCharsets.UTF_8),
                codec.encode(a)));
      }
      producer.flush();
    }
    System.out.println(
        "imported "
            + votes.annotations().size()
            + " annotation(s) to "
            + topic
            + "; skipped "
            + votes.skipped()
            + " (cancelled, no expression chosen, or an invalid clip id)");
    return 0;
  }
}
