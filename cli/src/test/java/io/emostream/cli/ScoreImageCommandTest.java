package io.emostream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code score-image} as a user runs it, on the public-domain astronaut portrait. */
class ScoreImageCommandTest {
  @TempDir Path dir;

  @Test
  void printsTheFaceBoxAndItsExpressionDistributionAsJson() throws Exception {
    Path png = dir.resolve("astronaut.png");
    try (InputStream in =
        getClass().getResourceAsStream("/io/emostream/model/sample/astronaut.png")) {
      Files.copy(in, png);
    }

    String out = run("score-image", "--json", png.toString());

    JsonNode face = new ObjectMapper().readTree(out).get(0).get("faces").get(0);
    // The reference implementation's box for this image (model-training's parity fixtures).
    assertThat(face.get("box").get(0).asDouble()).isCloseTo(163.25, within(0.05));
    assertThat(face.get("box").get(2).asDouble()).isCloseTo(116.04, within(0.05));
    assertThat(face.get("top").asText()).isEqualTo("happy");
    double sum = 0;
    for (JsonNode p : face.get("probabilities")) {
      sum += p.asDouble();
    }
    assertThat(sum).isCloseTo(1.0, within(1e-5));
  }

  @Test
  void bothEnginesFindTheSameFaceAndScoreItTheSame() throws Exception {
    Path png = dir.resolve("astronaut.png");
    try (InputStream in =
        getClass().getResourceAsStream("/io/emostream/model/sample/astronaut.png")) {
      Files.copy(in, png);
    }
    JsonNode ort = new ObjectMapper().readTree(run("score-image", "--json", png.toString())).get(0);
    JsonNode torch =
        new ObjectMapper()
            .readTree(run("score-image", "--json", "--engine", "PYTORCH", png.toString()))
            .get(0);
    assertThat(ort.get("faces")).hasSameSizeAs(torch.get("faces"));
    JsonNode a = ort.get("faces").get(0);
    JsonNode b = torch.get("faces").get(0);
    for (int i = 0; i < 4; i++) {
      assertThat(a.get("box").get(i).asDouble())
          .isCloseTo(b.get("box").get(i).asDouble(), within(0.05));
    }
    b.get("probabilities")
        .fields()
        .forEachRemaining(
            p ->
                assertThat(a.get("probabilities").get(p.getKey()).asDouble())
                    .as(p.getKey())
                    .isCloseTo(p.getValue().asDouble(), within(1e-4)));
  }

  @Test
  void rejectsAFileThatIsNoImage() throws Exception {
    Path txt = Files.writeString(dir.resolve("notes.png"), "hello");
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      assertThat(EmoStreamCli.run("score-image", txt.toString())).isEqualTo(1);
    } finally {
      System.setErr(err);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8))
        .contains("notes.png is not a readable PNG or JPEG image");
  }

  private static String run(String... args) {
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      assertThat(EmoStreamCli.run(args)).isZero();
    } finally {
      System.setOut(out);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
