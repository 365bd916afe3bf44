package io.emostream.cli;

import java.util.concurrent.ExecutionException;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code emostream} command line; {@code bin/emostream} runs it.
 *
 * <pre>
 * bin/emostream demo            # the whole platform on this machine
 * bin/emostream COMMAND --help  # every command documents its options
 * </pre>
 */
@Command(
    name = "emostream",
    mixinStandardHelpOptions = true,
    versionProvider = EmoStreamCli.Version.class,
    description =
        "Emotion analytics on live video: Kafka frame events -> Flink scoring job -> emotion topics.",
    subcommands = {
      DemoCommand.class,
      IngestCommand.class,
      ScoreCommand.class,
      AnalyticsCommand.class,
      LabelsCommand.class,
      AnnotateCommand.class,
      DashboardCommand.class,
      ClusterCommand.class,
      EraseCommand.class,
      ScoreImageCommand.class,
      ExportOnnxCommand.class,
      SynthCommand.class,
      TrainCommand.class,
      EvaluateCommand.class,
      RetrainCommand.class,
      TopicsCommand.class,
      ReleaseCommand.class,
      TailCommand.class,
      AnnotationsCommand.class,
      DatasetsCommand.class,
      ConfigCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class EmoStreamCli {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String... args) {
    return commandLine().execute(args);
  }

  /** The CLI as {@link #main} runs it. */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new EmoStreamCli());
    cli.setDefaultValueProvider(new ConfigDefaults());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parsed) -> {
          // Users get the message, not a stack trace; the log keeps the trace.
          commandLine
              .getErr()
              .println(commandLine.getColorScheme().errorText("error: " + rootMessage(e)));
          LoggerFactory.getLogger(EmoStreamCli.class).debug("command failed", e);
          return 1;
        });
    return cli;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && (t.getMessage() == null || t instanceof ExecutionException)) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = EmoStreamCli.class.getPackage().getImplementationVersion();
      return new String[] {"emostream " + (v == null ? "dev" : v)};
    }
  }
}
