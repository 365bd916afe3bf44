package io.emostream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.cli.ScoringFaultRun.Outcome;
import io.emostream.cli.ScoringFaultRun.Plan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once under crashes on a cluster of processes, the short version every build runs: 70 s of
 * two live cameras (the real ingest, edge boxes) while the TaskManager is SIGKILLed at random every
 * 20–40 s, a new one started each time; a read_committed consumer finds exactly the clips a
 * fault-free run of the same frames scores, each once. The same faults under AT_LEAST_ONCE repeat
 * scores, so the check can fail. Kafka node kills and the long version: {@link
 * ScoringFaultSoakITCase}.
 */
class ScoringFaultsITCase {
  @TempDir Path dir;

  @Test
  void exactlyOnceSurvivesTaskManagerKills() throws Exception {
    Plan plan =
        new Plan(
            "EXACTLY_ONCE",
            Duration.ofSeconds(70),
            2,
            10,
            new Duration[] {Duration.ofSeconds(20), Duration.ofSeconds(40)},
            List.of(),
            true,
            7);
    Outcome run = ScoringFaultRun.run(dir, plan);

    assertThat(run.taskManagerKills()).isGreaterThanOrEqualTo(2);
    assertThat(run.framesPerCamera().values()).as("frames on the topic").containsOnly(700);
    assertThat(run.deadLetters()).isEmpty();
    assertThat(run.missing()).as("clips of the fault-free run not scored").isEmpty();
    assertThat(run.unexpected()).as("clips the fault-free run does not have").isEmpty();
    assertThat(run.scoresPerClip().values()).as("scores per clip").containsOnly(1);
  }

  @Test
  void atLeastOnceRepeatsScoresAfterTheSameKills() throws Exception {
    Plan plan =
        new Plan(
            "AT_LEAST_ONCE",
            Duration.ofSeconds(50),
            2,
            10,
            new Duration[] {Duration.ofSeconds(15), Duration.ofSeconds(25)},
            List.of(),
            false,
            7);
    Outcome run = ScoringFaultRun.run(dir, plan);

    assertThat(run.taskManagerKills()).isGreaterThanOrEqualTo(2);
    assertThat(run.duplicates()).as("scores repeated after the kills").isPositive();
  }
}
