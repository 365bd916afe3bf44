package io.emostream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.cli.ScoringFaultRun.Outcome;
import io.emostream.cli.ScoringFaultRun.Plan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The long fault soaks (Maven profile {@code fault-soak}; not run by .ci/run, which they would take
 * past 20 minutes). {@code -Demostream.soak.minutes} and {@code -Demostream.soak.seed} change the
 * length and the kill times.
 */
@EnabledIfSystemProperty(named = "emostream.soak", matches = "true")
class ScoringFaultSoakITCase {
  @TempDir Path dir;

  /**
   * Five minutes of two live cameras while the TaskManager is SIGKILLed every 20–40 s at random
   * points (a new one started each time): every clip of a fault-free run of the same frames must be
   * found exactly once (it did in the runs of docs/benchmarks.md, 9 kills in 5 minutes).
   */
  @Test
  void exactlyOnceThroughMinutesOfTaskManagerKills() throws Exception {
    Duration feed = Duration.ofMinutes(Long.getLong("emostream.soak.minutes", 5));
    Plan plan =
        new Plan(
            "EXACTLY_ONCE",
            feed,
            2,
            10,
            new Duration[] {Duration.ofSeconds(20), Duration.ofSeconds(40)},
            List.of(),
            true,
            Long.getLong("emostream.soak.seed", 2026));
    Outcome run = ScoringFaultRun.run(dir, plan);

    assertThat(run.taskManagerKills()).isGreaterThanOrEqualTo(feed.toSeconds() / 40);
    assertThat(run.deadLetters()).isEmpty();
    assertThat(run.missing()).as("clips of the fault-free run not scored").isEmpty();
    assertThat(run.unexpected()).as("clips the fault-free run does not have").isEmpty();
    assertThat(run.scoresPerClip().values()).as("scores per clip").containsOnly(1);
  }

  /**
   * Two minutes of two live cameras while the Kafka node leading the first camera's frames
   * partition is SIGKILLed and restarted 15 s later, twice: ingest loses no frame (it waits for the
   * new leader), the job keeps running and repeats no score. Whether every clip is there is
   * printed, not asserted: in one run the scores of one checkpoint were missing (the Kafka
   * connector's committer found that checkpoint's transaction fenced after the restore and dropped
   * it) — an open finding, see docs/benchmarks.md.
   */
  @Test
  void kafkaNodeKillsLoseNoFrameAndRepeatNoScore() throws Exception {
    Plan plan =
        new Plan(
            "EXACTLY_ONCE",
            Duration.ofMinutes(2),
            2,
            10,
            null,
            List.of(Duration.ofSeconds(30), Duration.ofSeconds(75)),
            true,
            0);
    Outcome run = ScoringFaultRun.run(dir, plan);

    assertThat(run.brokerKills()).isEqualTo(2);
    assertThat(run.framesPerCamera().values()).as("frames on the topic").containsOnly(1200);
    assertThat(run.deadLetters()).isEmpty();
    assertThat(run.scoresPerClip().values()).as("scores per clip").containsOnly(1);
    assertThat(run.unexpected()).as("clips the fault-free run does not have").isEmpty();
  }

  /**
   * 100 s of two live cameras while the TaskManager is SIGKILLed every 9–14 s and the Kafka node
   * leading the first camera's frames partition is SIGKILLed at 25 s and 60 s (back 15 s later):
   * TaskManager kills land while a node is down, the combination of the one run that lost a
   * checkpoint's scores. Every clip of the fault-free run must be found exactly once.
   */
  @Test
  void taskManagerKillsWhileAKafkaNodeIsDown() throws Exception {
    Plan plan =
        new Plan(
            "EXACTLY_ONCE",
            Duration.ofSeconds(100),
            2,
            10,
            new Duration[] {Duration.ofSeconds(9), Duration.ofSeconds(14)},
            List.of(Duration.ofSeconds(25), Duration.ofSeconds(60)),
            true,
            Long.getLong("emostream.soak.seed", 4));
    Outcome run = ScoringFaultRun.run(dir, plan);

    assertThat(run.brokerKills()).isEqualTo(2);
    assertThat(run.taskManagerKills()).isGreaterThanOrEqualTo(6);
    assertThat(run.framesPerCamera().values()).as("frames on the topic").containsOnly(1000);
    assertThat(run.deadLetters()).isEmpty();
    assertThat(run.missing()).as("clips of the fault-free run not scored").isEmpty();
    assertThat(run.unexpected()).as("clips the fault-free run does not have").isEmpty();
    assertThat(run.scoresPerClip().values()).as("scores per clip").containsOnly(1);
  }
}
