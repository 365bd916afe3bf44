package io.emostream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command and subcommand answers --help with its usage and nothing else. */
class HelpTest {

  @Test
  void everyCommandHasCleanHelp() {
    List<List<String>> paths = new ArrayList<>();
    collect(EmoStreamCli.commandLine(), new ArrayList<>(), paths);
    assertThat(paths).hasSizeGreaterThan(15);
    for (List<String> path : paths) {
      CommandLine cli = EmoStreamCli.commandLine();
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      cli.setOut(new PrintWriter(out));
      cli.setErr(new PrintWriter(err));
      List<String> args = new ArrayList<>(path);
      args.add("--help");
      int status = cli.execute(args.toArray(String[]::new));
      assertThat(status).as("%s exit status", args).isZero();
      assertThat(err.toString()).as("%s stderr", args).isEmpty();
      assertThat(out.toString()).as("%s usage", args).startsWith("Usage: emostream");
    }
  }

  private static void collect(CommandLine cli, List<String> path, List<List<String>> out) {
    for (var sub : cli.getSubcommands().entrySet()) {
      if (sub.getKey().equals("help")) {
        continue;
      }
      List<String> next = new ArrayList<>(path);
      next.add(sub.getKey());
      out.add(next);
      collect(sub.getValue(), next, out);
    }
  }
}
