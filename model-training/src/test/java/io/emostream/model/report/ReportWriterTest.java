package io.emostream.model.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emostream.model.eval.Evaluation;
import io.emostream.model.train.EpochStats;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

  @Test
  void writesJsonAndPngsAPersonCanOpen(@TempDir Path dir) throws Exception {
    int[][] confusion = new int[7][7];
    confusion[0][0] = 3;
    confusion[1][0] = 1;
    Evaluation e =
        new Evaluation(
            4,
            0.75,
            0.5,
            new double[] {1, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN},
            confusion,
            0.3,
            0.75,
            0.15,
            0.05);
    List<EpochStats> history =
        List.of(
            new EpochStats(1, 1.9, 10, 1e-3, true, 0.5, 0.3, 1.2),
            new EpochStats(2, 1.5, 11, 5e-4, false, 0.75, 0.5, 0.9));

    List<Path> files = ReportWriter.write(dir, "test run", e, history, Map.of("mode", "midas"));

    assertThat(files)
        .containsExactly(
            dir.resolve("report.json"),
            dir.resolve("confusion.png"),
            dir.resolve("training-curves.png"));
    JsonNode json = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
    assertThat(json.at("/metrics/uar").asDouble()).isEqualTo(0.5);
    assertThat(json.at("/per_class_recall/sad").isNull()).isTrue();
    assertThat(json.at("/confusion_matrix/counts/1/0").asInt()).isEqualTo(1);
    assertThat(json.at("/history/1/validation_war").asDouble()).isEqualTo(0.75);
    assertThat(json.at("/mode").asText()).isEqualTo("midas");
    BufferedImage png = ImageIO.read(dir.resolve("confusion.png").toFile());
    assertThat(png.getWidth()).isEqualTo(720);
    assertThat(ImageIO.read(dir.resolve("training-curves.png").toFile()).getHeight())
        .isEqualTo(480);
  }
}
