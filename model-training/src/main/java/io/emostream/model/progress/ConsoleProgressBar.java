package io.emostream.model.progress;

import ai.djl.util.Progress;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar on a terminal stream: task, bar, count, rate and ETA, plus a trailing
 * message (loss, clips/s). Redraws at most 5 times a second; on a non-terminal it prints a line per
 * 10 % instead of carriage-return redraws, so logs stay readable.
 */
public final class ConsoleProgressBar implements Progress {
  private static final int WIDTH = 30;

  private final PrintStream out;
  private final boolean terminal;
  private String task = "";
  private String message = "";
  private long total;
  private long done;
  private long startNanos;
  private long lastDrawNanos;
  private int lastDecile = -1;

  public ConsoleProgressBar(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  /** On standard error, redrawing in place when a console is attached. */
  public static ConsoleProgressBar onStderr() {
    return new ConsoleProgressBar(System.err, System.console() != null);
  }

  @Override
  public void reset(String task, long max, String trailingMessage) {
    this.task = task;
    this.total = Math.max(1, max);
    this.message = trailingMessage == null ? "" : trailingMessage;
    this.done = 0;
    this.startNanos = System.nanoTime();
    this.lastDrawNanos = 0;
    this.lastDecile = -1;
  }

  @Override
  public void start(long initialProgress) {
    update(initialProgress);
  }

  @Override
  public void increment(long increment) {
    update(done + increment, null);
  }

  @Override
  public void update(long progress, String trailing) {
    done = Math.min(progress, total);
    if (trailing != null) {
      message = trailing;
    }
    long now = System.nanoTime();
    int decile = (int) (done * 10 / total);
    if (terminal ? now - lastDrawNanos > 200_000_000L || done == total : decile != lastDecile) {
      lastDrawNanos = now;
      lastDecile = decile;
      out.print((terminal ? "\r" : "") + line(now) + (terminal ? "" : System.lineSeparator()));
      out.flush();
    }
  }

  @Override
  public void end() {
    if (done < total) {
      done = total;
    }
    if (terminal) {
      out.println("\r" + line(System.nanoTime()));
    } else if (lastDecile != 10) {
      out.println(line(System.nanoTime()));
    }
    out.flush();
  }

  String line(long now) {
    double seconds = (now - startNanos) / 1e9;
    int filled = (int) (WIDTH * done / total);
    double rate = seconds > 0 ? done / seconds : 0;
    String eta =
        rate > 0 && done < total
            ? duration((total - done) / rate)
            : done >= total ? duration(seconds) : "--:--";
    return String.format(
        Locale.ROOT,
        "%s [%s%s] %3d%% %d/%d · %.1f/s · %s %s%s%s",
        task,
        "#".repeat(filled),
        ".".repeat(WIDTH - filled),
        done * 100 / total,
        done,
        total,
        rate,
        done >= total ? "took" : "ETA",
        eta,
        message.isEmpty() ? "" : " · ",
        message);
  }

  private static String duration(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
