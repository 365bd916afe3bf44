package io.emostream.model.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.emostream.model.data.ExpressionClasses;
import io.emostream.model.eval.Evaluation;
import io.emostream.model.train.EpochStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;

/**
 * Writes what a person opens after training or evaluation: {@code report.json} (every metric, the
 * confusion matrix, the epoch history), {@code confusion.png} (row-normalised, so rare classes
 * show) and {@code training-curves.png} (loss, validation WAR/UAR per epoch).
 */
public final class ReportWriter {
  public static final String REPORT = "report.json";
  public static final String CONFUSION = "confusion.png";
  public static final String CURVES = "training-curves.png";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ReportWriter() {}

  /**
   * @return the files written
   */
  public static List<Path> write(
      Path dir, String title, Evaluation e, List<EpochStats> history, Map<String, Object> context)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    Files.createDirectories(dir);
    List<Path> written = new ArrayList<>();
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("title", title);
    report.putAll(context);
    if (e != null) {
      report.put("metrics", e.summary());
      Map<String, Object> recall = new LinkedHashMap<>();
      for (int i = 0; i < ExpressionClasses.COUNT; i++) {
        recall.put(
            ExpressionClasses.NAMES.get(i), Double.isNaN(e.recall()[i]) ? null : e.recall()[i]);
      }
      report.put("per_class_recall", recall);
      report.put(
          "confusion_matrix",
          Map.of("rows_true_columns_predicted", ExpressionClasses.NAMES, "counts", e.confusion()));
      written.add(confusion(dir.resolve(CONFUSION), title, e));
    }
    if (history != null && !history.isEmpty()) {
      report.put("history", history.stream().map(ReportWriter::epoch).toList());
      written.add(curves(dir.resolve(CURVES), title, history));
    }
    Path json = dir.resolve(REPORT);
    JSON.writeValue(json.toFile(), report);
    written.add(0, json);
    return written;
  }

  private static Map<String, Object> epoch(EpochStats s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("epoch", s.epoch());
    m.put("train_loss", s.trainLoss());
    m.put("clips_per_second", s.clipsPerSecond());
    m.put("learning_rate", s.learningRate());
    m.put("encoder_frozen", s.encoderFrozen());
    m.put("validation_war", Double.isNaN(s.validationWar()) ? null : s.validationWar());
    m.put("validation_uar", Double.isNaN(s.validationUar()) ? null : s.validationUar());
    m.put("validation_kl", Double.isNaN(s.validationKl()) ? null : s.validationKl());
    return m;
  }

  private static Path confusion(Path file, String title, Evaluation e) throws IOException {
    HeatMapChart chart =
        new HeatMapChartBuilder()
            .width(720)
            .height(620)
            .title(title + " — confusion (row-normalised)")
            .xAxisTitle("predicted")
            .yAxisTitle("true")
            .build();
    chart.getStyler().setShowValue(true);
    chart.getStyler().setMin(0);
    chart.getStyler().setMax(1);
    List<Number[]> cells = new ArrayList<>();
    int k = ExpressionClasses.COUNT;
    for (int t = 0; t < k; t++) {
      int row = 0;
      for (int v : e.confusion()[t]) {
        row += v;
      }
      for (int p = 0; p < k; p++) {
        double share = row == 0 ? 0 : e.confusion()[t][p] / (double) row;
        cells.add(new Number[] {p, t, Math.round(share * 100) / 100.0});
      }
    }
    chart.addSeries("share", ExpressionClasses.NAMES, ExpressionClasses.NAMES, cells);
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    return file;
  }

  private static Path curves(Path file, String title, List<EpochStats> history) throws IOException {
    XYChart chart =
        new XYChartBuilder()
            .width(800)
            .height(480)
            .title(title + " — training")
            .xAxisTitle("epoch")
            .build();
    List<Integer> epochs = history.stream().map(EpochStats::epoch).toList();
    XYSeries loss =
        chart.addSeries("train loss", epochs, history.stream().map(EpochStats::trainLoss).toList());
    loss.setYAxisGroup(0);
    chart.setYAxisGroupTitle(0, "soft cross-entropy");
    if (history.stream().noneMatch(s -> Double.isNaN(s.validationUar()))) {
      chart
          .addSeries(
              "validation UAR", epochs, history.stream().map(EpochStats::validationUar).toList())
          .setYAxisGroup(1);
      chart
          .addSeries(
              "validation WAR", epochs, history.stream().map(EpochStats::validationWar).toList())
          .setYAxisGroup(1);
      chart.setYAxisGroupTitle(1, "recall / accuracy");
      chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
    }
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    return file;
  }
}
