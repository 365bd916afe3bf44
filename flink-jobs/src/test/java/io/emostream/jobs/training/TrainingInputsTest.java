package io.emostream.jobs.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emostream.jobs.config.TrainingSettings;
import io.emostream.jobs.config.TrainingSettings.DataFormat;
import io.emostream.model.synth.SyntheticExpressions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingInputsTest {

  static Configuration conf(Path data, String... more) {
    Map<String, String> s = new HashMap<>(Map.of(TrainingSettings.DATA.key(), data.toString()));
    for (int i = 0; i < more.length; i += 2) {
      s.put(more[i], more[i + 1]);
    }
    return Configuration.fromMap(s);
  }

  @Test
  void recognisesLayoutsAndSplitsADfewFold(
      @TempDir Path dfew, @TempDir Path ferv, @TempDir Path avro) throws Exception {
    SyntheticExpressions.write(new SyntheticExpressions.Spec(10, 2, 16, 0.5, 10, 1), dfew, null);
    Files.writeString(ferv.resolve("train.txt"), "");
    assertThat(TrainingInputs.format(conf(dfew))).isEqualTo(DataFormat.DFEW);
    assertThat(TrainingInputs.format(conf(ferv))).isEqualTo(DataFormat.FERV39K);
    assertThat(TrainingInputs.format(conf(avro))).isEqualTo(DataFormat.LABELLED_CLIPS);

    var inputs = TrainingInputs.list(conf(dfew, "training.fold", "2"));
    assertThat(inputs).hasSize(10);
    assertThat(inputs.stream().filter(i -> i.heldOut)).hasSize(2);

    var split =
        TrainingInputs.load(conf(dfew, "training.frames", "2", "training.size", "16"), null);
    assertThat(split.train().size()).isEqualTo(8);
    assertThat(split.heldOut().frameSize()).isEqualTo(16);
  }

  @Test
  void missingDataIsExplained(@TempDir Path dir) {
    assertThatThrownBy(() -> TrainingInputs.list(Configuration.fromMap(Map.of())))
        .hasMessageContaining("set training.data");
    assertThatThrownBy(() -> TrainingInputs.list(conf(dir.resolve("nope"))))
        .hasMessageContaining("nope: training data not found");
  }

  @Test
  void anObjectStoreServesLabelledClipFilesOnly() throws Exception {
    Configuration inStore =
        Configuration.fromMap(Map.of(TrainingSettings.DATA.key(), "s3://datasets/labelled"));
    assertThat(TrainingInputs.format(inStore)).isEqualTo(DataFormat.LABELLED_CLIPS);
    Configuration dfew = new Configuration(inStore);
    dfew.set(TrainingSettings.FORMAT, DataFormat.DFEW);
    assertThatThrownBy(() -> TrainingInputs.format(dfew))
        .hasMessageContaining("DFEW is read from a directory");
  }

  @Test
  void heldOutHashIsStableAndNearTheFraction() {
    assertThat(TrainingInputs.heldOut("cam-1/track-7/3", 0.2))
        .isEqualTo(TrainingInputs.heldOut("cam-1/track-7/3", 0.2));
    long held =
        IntStream.range(0, 10_000).filter(i -> TrainingInputs.heldOut("clip-" + i, 0.2)).count();
    assertThat(held).isBetween(1_800L, 2_200L);
  }
}
