package io.emostream.model.synth;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.model.data.ClipDataset;
import io.emostream.model.data.DfewDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SyntheticExpressionsTest {

  @Test
  void writesADfewLayoutTheReaderLoadsWithVotesAsSoftLabels(@TempDir Path root) throws Exception {
    var spec = new SyntheticExpressions.Spec(15, 6, 64, 0.8, 10, 7);
    List<SyntheticExpressions.GeneratedClip> generated =
        SyntheticExpressions.write(spec, root, null);

    ClipDataset train = DfewDataset.read(root, 1, DfewDataset.Split.TRAIN, 4, 32, null);
    ClipDataset test = DfewDataset.read(root, 1, DfewDataset.Split.TEST, 4, 32, null);

    assertThat(train.size() + test.size()).isEqualTo(15);
    assertThat(test.size()).isEqualTo(3);
    assertThat(Files.list(root.resolve("Clip/clip_224x224/00001"))).hasSize(6);
    for (var clip : test.clips()) {
      var g = generated.get(Integer.parseInt(clip.id()) - 1);
      assertThat(clip.label()).isEqualTo(g.label());
      assertThat(clip.softLabel()[g.label()] * 10)
          .isCloseTo(g.votes()[g.label()], Offset.offset(1e-4f));
      assertThat(Arrays.stream(g.votes()).sum()).isEqualTo(10);
    }
  }

  @Test
  void sameSeedSameData(@TempDir Path a, @TempDir Path b) throws Exception {
    var spec = new SyntheticExpressions.Spec(5, 3, 48, 0.5, 10, 11);
    SyntheticExpressions.write(spec, a, null);
    SyntheticExpressions.write(spec, b, null);
    Path frame = Path.of("Clip/clip_224x224/00003/00003_00002.jpg");
    assertThat(Files.readAllBytes(a.resolve(frame)))
        .isEqualTo(Files.readAllBytes(b.resolve(frame)));
    assertThat(Files.readString(a.resolve(DfewDataset.ANNOTATION)))
        .isEqualTo(Files.readString(b.resolve(DfewDataset.ANNOTATION)));
  }

  @ParameterizedTest
  @EnumSource(SyntheticExpressions.Style.class)
  void everyStyleIsReproducibleAndVotesLikeTheOthers(SyntheticExpressions.Style style)
      throws Exception {
    var spec = new SyntheticExpressions.Spec(5, 4, 32, 0.9, 10, 11, style);
    var a = SyntheticExpressions.render(spec, 2);
    var b = SyntheticExpressions.render(spec, 2);
    for (int f = 0; f < 4; f++) {
      assertThat(pixels(a.frames().get(f))).isEqualTo(pixels(b.frames().get(f)));
    }
    assertThat(Arrays.stream(a.clip().votes()).sum()).isEqualTo(10);
    assertThat(Arrays.stream(a.clip().mixture()).sum()).isCloseTo(1.0, Offset.offset(1e-9));
    if (style != SyntheticExpressions.Style.PARAMETERS) {
      var parameters =
          SyntheticExpressions.render(new SyntheticExpressions.Spec(5, 4, 32, 0.9, 10, 11), 2);
      assertThat(pixels(a.frames().get(3))).isNotEqualTo(pixels(parameters.frames().get(3)));
    }
  }

  private static int[] pixels(java.awt.image.BufferedImage image) {
    return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
  }

  @Test
  void ambiguityLevelControlsHowMixedTheVotesAre(@TempDir Path clear, @TempDir Path ambiguous)
      throws Exception {
    double clearShare =
        meanMajorityShare(
            SyntheticExpressions.write(
                new SyntheticExpressions.Spec(60, 1, 16, 0.0, 10, 3), clear, null));
    double ambiguousShare =
        meanMajorityShare(
            SyntheticExpressions.write(
                new SyntheticExpressions.Spec(60, 1, 16, 1.0, 10, 3), ambiguous, null));
    assertThat(clearShare).isGreaterThan(0.85);
    assertThat(ambiguousShare).isLessThan(clearShare - 0.2);
  }

  private static double meanMajorityShare(List<SyntheticExpressions.GeneratedClip> clips) {
    return clips.stream().mapToDouble(c -> c.votes()[c.label()] / 10.0).average().orElseThrow();
  }
}
