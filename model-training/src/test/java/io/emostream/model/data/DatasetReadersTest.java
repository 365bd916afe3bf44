package io.emostream.model.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.emostream.schemas.event.ClipProvenance;
import io.emostream.schemas.event.ClipSample;
import io.emostream.schemas.event.ConsentScope;
import io.emostream.schemas.event.Distributions;
import io.emostream.schemas.event.LabelSource;
import io.emostream.schemas.event.LabelledClip;
import io.emostream.schemas.event.StreamConsent;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tiny fixtures in each supported layout, built here; readers must load them and point at bad
 * lines.
 */
class DatasetReadersTest {

  static byte[] jpeg(int shade) throws Exception {
    BufferedImage image = new BufferedImage(20, 16, BufferedImage.TYPE_INT_RGB);
    var g = image.createGraphics();
    g.setColor(new Color(shade, 255 - shade, 128));
    g.fillRect(0, 0, 20, 16);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "jpg", out);
    return out.toByteArray();
  }

  static void frames(Path folder, int count) throws Exception {
    Files.createDirectories(folder);
    for (int i = 1; i <= count; i++) {
      Files.write(folder.resolve(String.format("frame_%03d.jpg", i)), jpeg(i * 20));
    }
  }

  static void write(Path file, String text) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  @Test
  void dfewLayoutWithVotesAndZeroPaddedClipFolders(@TempDir Path root) throws Exception {
    frames(root.resolve("Clip/clip_224x224/00001"), 5);
    frames(root.resolve("Clip/clip_224x224/00002"), 3);
    write(
        root.resolve("EmoLabel_DataSplit/train(single-labeled)/set_2.csv"),
        "video_name,label\n1,1\n2,7\n");
    // votes per DFEW id: 1 Happy .. 7 Fear
    write(
        root.resolve("Annotation/annotation.csv"),
        "video_name,1,2,3,4,5,6,7\n1,8,0,2,0,0,0,0\n2,0,0,0,0,0,0,10\n");

    ClipDataset d = DfewDataset.read(root, 2, DfewDataset.Split.TRAIN, 4, 8, null);

    assertThat(d.size()).isEqualTo(2);
    Clip first = d.clips().get(0);
    assertThat(first.label()).isEqualTo(ExpressionClasses.byName("happy"));
    assertThat(first.softLabel()[ExpressionClasses.byName("happy")]).isCloseTo(0.8f, offset(1e-6f));
    assertThat(first.softLabel()[ExpressionClasses.byName("neutral")])
        .isCloseTo(0.2f, offset(1e-6f));
    assertThat(first.frames()).hasNumberOfRows(4);
    assertThat(first.frames()[0]).hasSize(8 * 8 * 3);
    assertThat(d.clips().get(1).label()).isEqualTo(ExpressionClasses.byName("fear"));
  }

  /** What spreadsheet programs write: a BOM, quoted fields, CRLF line ends. */
  @Test
  void dfewCsvWithABomQuotedFieldsAndCrlfIsRead(@TempDir Path root) throws Exception {
    frames(root.resolve("Clip/clip_224x224/00001"), 2);
    write(
        root.resolve("EmoLabel_DataSplit/train(single-labeled)/set_1.csv"),
        "\uFEFFvideo_name,label\r\n\"1\",\"1\"\r\n");
    write(
        root.resolve("Annotation/annotation.csv"),
        "\uFEFF\"video_name\",\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\"\r\n\"1\",\"6\",0,\"4\",0,0,0,0\r\n");
    ClipDataset d = DfewDataset.read(root, 1, DfewDataset.Split.TRAIN, 2, 8, null);
    assertThat(d.clips().get(0).softLabel()[ExpressionClasses.byName("happy")])
        .isCloseTo(0.6f, offset(1e-6f));
  }

  @Test
  void dfewErrorsNameTheFileAndLine(@TempDir Path root) throws Exception {
    frames(root.resolve("Clip/clip_224x224/00001"), 2);
    write(
        root.resolve("EmoLabel_DataSplit/test(single-labeled)/set_1.csv"),
        "video_name,label\n1,9\n");
    Path split = root.resolve("EmoLabel_DataSplit/test(single-labeled)/set_1.csv");
    assertThatThrownBy(() -> DfewDataset.read(root, 1, DfewDataset.Split.TEST, 2, 8, null))
        .isInstanceOf(DatasetException.class)
        .hasMessage(split + ":2: label must be a DFEW class id 1..7, got 9");

    write(split, "video_name,label\n1,1\n3,2\n");
    assertThatThrownBy(() -> DfewDataset.read(root, 1, DfewDataset.Split.TEST, 2, 8, null))
        .hasMessageContaining("Clip/clip_224x224/00003: frame folder is missing");

    write(split, "video_name,label\n1,1\n");
    Files.write(root.resolve("Clip/clip_224x224/00001/frame_001.jpg"), new byte[] {1, 2, 3});
    assertThatThrownBy(() -> DfewDataset.read(root, 1, DfewDataset.Split.TEST, 2, 8, null))
        .hasMessageContaining("frame_001.jpg: not a readable image");

    assertThatThrownBy(() -> DfewDataset.read(root, 3, DfewDataset.Split.TEST, 2, 8, null))
        .hasMessageContaining("set_3.csv: split file is missing");
  }

  @Test
  void ferv39kLayoutWithPlusSoftLabels(@TempDir Path root) throws Exception {
    frames(root.resolve("Frames/Daily/Kitchen/0001"), 6);
    frames(root.resolve("Frames/Daily/Kitchen/0002"), 2);
    write(root.resolve("test.txt"), "Daily/Kitchen/0001 3\nDaily/Kitchen/0002 0\n");
    write(
        root.resolve("soft_labels.csv"),
        "clip,angry,disgust,fear,happy,neutral,sad,surprise\n"
            + "Daily/Kitchen/0001,0,0,0,6,4,0,0\nDaily/Kitchen/0002,10,0,0,0,0,0,0\n");

    ClipDataset d = Ferv39kDataset.read(root, Ferv39kDataset.Split.TEST, 3, 8, null);

    assertThat(d.clips())
        .extracting(Clip::label)
        .containsExactly(ExpressionClasses.byName("happy"), ExpressionClasses.byName("angry"));
    assertThat(d.clips().get(0).softLabel()[ExpressionClasses.byName("neutral")])
        .isCloseTo(0.4f, offset(1e-6f));
  }

  @Test
  void ferv39kWithoutSoftLabelsUsesOneHotAndReportsBadLines(@TempDir Path root) throws Exception {
    frames(root.resolve("Frames/a"), 2);
    write(root.resolve("train.txt"), "a 5\n");
    ClipDataset d = Ferv39kDataset.read(root, Ferv39kDataset.Split.TRAIN, 2, 8, null);
    assertThat(d.clips().get(0).softLabel())
        .containsExactly(ExpressionClasses.oneHot(ExpressionClasses.byName("sad")));

    write(root.resolve("train.txt"), "a 5\na\n");
    assertThatThrownBy(() -> Ferv39kDataset.read(root, Ferv39kDataset.Split.TRAIN, 2, 8, null))
        .hasMessage(root.resolve("train.txt") + ":2: missing label (column 2)");
  }

  @Test
  void labelledClipAvroFilesRoundTrip(@TempDir Path dir) throws Exception {
    List<ByteBuffer> crops = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      crops.add(ByteBuffer.wrap(jpeg(40 * i)));
    }
    StreamConsent consent =
        StreamConsent.newBuilder()
            .setScope(ConsentScope.ANALYTICS_AND_TRAINING)
            .setPurpose("quality")
            .build();
    ClipSample sample =
        ClipSample.newBuilder()
            .setClipId("cam-1/track-4/0")
            .setCropSize(20)
            .setFrames(crops)
            .setModelScores(Distributions.of(new float[] {1, 0, 0, 0, 0, 0, 0}))
            .setModelVersion("v1")
            .setProvenance(
                ClipProvenance.newBuilder()
                    .setCameraId("cam-1")
                    .setTrackId("track-4")
                    .setWindowStart(Instant.EPOCH)
                    .setWindowEnd(Instant.EPOCH)
                    .setConsent(consent)
                    .setSamplingReason("ambiguity>=0.8")
                    .build())
            .build();
    float[] votes = {0.3f, 0, 0.7f, 0, 0, 0, 0};
    LabelledClipFiles.write(
        dir.resolve("part-0.avro"),
        List.of(
            LabelledClip.newBuilder()
                .setClip(sample)
                .setSoftLabel(Distributions.of(votes))
                .setLabelSource(LabelSource.ANNOTATORS)
                .setVoteCount(10)
                .build()));

    ClipDataset d = LabelledClipFiles.read(dir, 4, 8, null);

    assertThat(d.size()).isEqualTo(1);
    assertThat(d.clips().get(0).label()).isEqualTo(ExpressionClasses.byName("sad"));
    assertThat(d.clips().get(0).softLabel()).containsExactly(votes, offset(1e-6f));
    assertThat(d.clips().get(0).frames()).hasNumberOfRows(4);
  }
}
