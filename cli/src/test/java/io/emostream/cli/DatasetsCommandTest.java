package io.emostream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsCommandTest {
  @TempDir Path root;

  private void frames(String clip, int count) throws Exception {
    Path folder = Files.createDirectories(root.resolve("Clip/clip_224x224/" + clip));
    for (int i = 0; i < count; i++) {
      Files.write(folder.resolve(String.format("%03d.jpg", i)), new byte[] {1});
    }
  }

  private String[] run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream o = System.out;
    PrintStream e = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int exit = EmoStreamCli.run(args);
      return new String[] {
        String.valueOf(exit),
        out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8)
      };
    } finally {
      System.setOut(o);
      System.setErr(e);
    }
  }

  @Test
  void countsADfewLayoutPerFoldAndClassAndNamesTheFirstProblem() throws Exception {
    frames("00001", 2);
    frames("00002", 2);
    Path split = root.resolve("EmoLabel_DataSplit/train(single-labeled)/set_1.csv");
    Files.createDirectories(split.getParent());
    Files.writeString(split, "video_name,label\n1,1\n2,7\n");

    String[] ok = run("datasets", "check", root.toString());
    assertThat(ok[0]).as(ok[2]).isEqualTo("0");
    assertThat(ok[1])
        .contains("DFEW, hard labels only")
        .containsPattern("fold 1 train\\s+2\\s+0\\s+1");

    Files.writeString(split, "video_name,label\n1,1\n3,2\n");
    String[] bad = run("datasets", "check", root.toString());
    assertThat(bad[0]).isEqualTo("1");
    assertThat(bad[2]).contains("problem:", "00003");
  }
}
