package io.emostream.cli;

import io.emostream.jobs.config.LabelOptions;
import io.emostream.jobs.io.KafkaIo;
import io.emostream.model.data.LabelledClipErasure;
import io.emostream.schemas.event.LabelledClip;
import io.emostream.schemas.topic.KafkaTopics;
import io.emostream.schemas.topic.TopicSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code emostream erase}: a subject's clips out of the training data. */
@Command(
    name = "erase",
    mixinStandardHelpOptions = true,
    description = {
      "Removes a camera's or a session's labelled clips (face crops, soft labels) from the"
          + " training dataset (labels.dataset-dir), or with --expired the day folders older than"
          + " labels.dataset-retention, and says what it removed.",
      "Kafka topics cannot delete single records: what is still on the clip-samples and"
          + " labelled-clips topics expires with their retention (printed below)."
    },
    footer = {
      "",
      "Example:  bin/emostream erase --session call-2026-11-30-0042",
      "          bin/emostream erase --camera kiosk-1 --dry-run"
    })
final class EraseCommand implements Callable<Integer> {
  @Mixin ConfigMixin config;

  static final class Subject {
    @Option(names = "--camera", paramLabel = "ID", description = "Every clip of this camera.")
    String camera;

    @Option(names = "--session", paramLabel = "ID", description = "Every clip of this session.")
    String session;

    @Option(names = "--expired", description = "Day folders older than labels.dataset-retention.")
    boolean expired;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Subject subject;

  @Option(
      names = "--dataset",
      paramLabel = "DIR",
      descriptionKey = "labels.dataset-dir",
      description = "The labelled-clip dataset (default ${DEFAULT-VALUE}).")
  String dataset;

  @Option(names = "--dry-run", description = "Count what would be removed; change nothing.")
  boolean dryRun;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Configuration conf = config.load(ConfigDefaults.givenSettings(spec));
    Path dir = Path.of(conf.get(LabelOptions.DATASET_DIR));
    if (subject.expired) {
      long days = conf.get(LabelOptions.DATASET_RETENTION).toDays();
      List<Path> gone =
          dryRun
              ? List.of()
              : LabelledClipErasure.expire(dir, LabelledClipErasure.today(), (int) days);
      System.out.println(
          (dryRun ? "would delete" : "deleted")
              + " day folders older than "
              + days
              + " days under "
              + dir
              + (dryRun ? "" : ": " + gone.size() + " " + gone));
    } else {
      Predicate<LabelledClip> doomed =
          subject.camera != null
              ? LabelledClipErasure.camera(subject.camera)
              : LabelledClipErasure.session(subject.session);
      String who =
          subject.camera != null ? "camera " + subject.camera : "session " + subject.session;
      LabelledClipErasure.Result result = LabelledClipErasure.erase(dir, doomed, dryRun);
      System.out.println(
          (dryRun ? "dry run, nothing changed: " : "") + who + " in " + dir + ": " + result);
    }
    KafkaTopics topics = new KafkaIo(conf).topics();
    for (TopicSpec t : List.of(topics.clipSamples(), topics.labelledClips())) {
      System.out.println(
          "still on Kafka until its retention passes: "
              + t.name()
              + " keeps records "
              + t.retention().map(d -> d.toDays() + " days").orElse("without limit"));
    }
    return 0;
  }
}
