package io.emostream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * synth → train → evaluate through the command line, at toy scale (the steps are tested in depth
 * elsewhere).
 */
class TrainingCommandsTest {

  @Test
  void synthTrainEvaluate(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("synth");
    assertThat(
            EmoStreamCli.run(
                "synth",
                "--output",
                data.toString(),
                "--clips",
                "10",
                "--frames",
                "2",
                "--size",
                "32"))
        .isZero();
    String[] common = {
      "--data", data.toString(), "--frames", "2", "--size", "32", "-D", "training.hidden=8"
    };
    assertThat(
            EmoStreamCli.run(
                concat(
                    new String[] {
                      "train",
                      "--epochs",
                      "1",
                      "--mode",
                      "AUTO",
                      "-D",
                      "training.auto.candidates=SOFT;HARD",
                      "-D",
                      "training.auto.validation-share=0.3",
                      "--output",
                      dir.resolve("runs").toString(),
                      "-D",
                      "retrain.releases-dir=" + dir.resolve("models"),
                      "-D",
                      "retrain.gate.min-uar-gain=-1",
                      "-D",
                      "retrain.gate.max-war-drop=1"
                    },
                    common)))
        .isZero();

    Path released;
    try (Stream<Path> models = Files.list(dir.resolve("models"))) {
      released = models.findFirst().orElseThrow();
    }
    assertThat(released.resolve("manifest.json")).exists();
    Path report;
    try (Stream<Path> runs = Files.list(dir.resolve("runs"))) {
      report = runs.findFirst().orElseThrow().resolve("report.json");
    }
    JsonNode context = new ObjectMapper().readTree(report.toFile());
    assertThat(context.get("mode").asText()).isIn("SOFT", "HARD");
    assertThat(context.get("mode_selection").get("candidates_validation_uar").size()).isEqualTo(2);
    assertThat(
            EmoStreamCli.run(
                concat(
                    new String[] {
                      "evaluate",
                      "--bundle",
                      released.toString(),
                      "--report",
                      dir.resolve("eval").toString()
                    },
                    common)))
        .isZero();
    assertThat(dir.resolve("eval/report.json")).exists();
    assertThat(dir.resolve("eval/confusion.png")).exists();

    // the same bundle on PyTorch, and exported to ONNX and evaluated as an onnx-clip bundle
    assertThat(evaluate(released, dir.resolve("eval-pytorch"), common, "--engine", "PYTORCH"))
        .isZero();
    Path onnx = dir.resolve("onnx-bundle");
    assertThat(
            EmoStreamCli.run(
                "export-onnx", "--bundle", released.toString(), "--out", onnx.toString()))
        .isZero();
    assertThat(EmoStreamCli.run("export-onnx", "--out", onnx.toString()))
        .as("refuses to overwrite")
        .isEqualTo(2);
    assertThat(evaluate(onnx, dir.resolve("eval-onnx"), common)).isZero();
    JsonNode ort = metrics(dir.resolve("eval"));
    for (JsonNode other :
        List.of(metrics(dir.resolve("eval-pytorch")), metrics(dir.resolve("eval-onnx")))) {
      for (String m : List.of("war", "uar", "kl", "ece")) {
        assertThat(other.get(m).asDouble()).as(m).isCloseTo(ort.get(m).asDouble(), within(1e-4));
      }
    }
  }

  private static int evaluate(Path bundle, Path report, String[] common, String... more) {
    return EmoStreamCli.run(
        concat(
            concat(
                new String[] {
                  "evaluate", "--bundle", bundle.toString(), "--report", report.toString()
                },
                more),
            common));
  }

  private static JsonNode metrics(Path report) throws Exception {
    return new ObjectMapper().readTree(report.resolve("report.json").toFile()).get("metrics");
  }

  private static String[] concat(String[] a, String[] b) {
    return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
  }
}
