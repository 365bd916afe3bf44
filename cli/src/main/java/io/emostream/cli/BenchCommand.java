package io.emostream.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.emostream.bench.IngestBenchmark;
import io.emostream.bench.LabelModeComparison;
import io.emostream.bench.LoopDataNeeds;
import io.emostream.bench.ModelBenchmark;
import io.emostream.bench.ModelThroughput;
import io.emostream.bench.PipelineBenchmark;
import io.emostream.bench.PipelineStageCosts;
import io.emostream.bench.TrackingBenchmark;
import io.emostream.bench.TrainingSpeed;
import io.emostream.demo.DemoOptions;
import io.emostream.jobs.config.KafkaOptions;
import io.emostream.jobs.config.ScoringOptions;
import io.emostream.jobs.config.TrainingSettings;
import io.emostream.jobs.training.TrainingInputs;
import io.emostream.model.DjlEngine;
import io.emostream.model.data.ClipDataset;
import io.emostream.model.data.ClipSplit;
import io.emostream.model.eval.ReleaseGate;
import io.emostream.model.onnx.ModelEngine;
import io.emostream.model.onnx.OnnxRuntimeModels;
import io.emostream.model.progress.ConsoleProgressBar;
import io.emostream.model.train.LabelMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code emostream bench}: measured throughput, printed with the command that reproduces it. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description =
        "Benchmarks. Figures are measured on this machine in this process; copy them with their command into docs/benchmarks.md.",
    subcommands = {
      BenchCommand.Models.class,
      BenchCommand.Pipeline.class,
      BenchCommand.Stages.class,
      BenchCommand.Tracking.class,
      BenchCommand.LabelModes.class,
      BenchCommand.Loop.class,
      BenchCommand.Training.class,
      BenchCommand.Ingest.class
    })
final class BenchCommand {

  @Command(
      name = "models",
      mixinStandardHelpOptions = true,
      description =
          "Throughput of the pretrained networks (forward pass on preprocessed inputs) on each engine side by side, by the task-slot rule (one single-thread model per slot): FaceExpressionNet faces/s at several batch sizes on one slot and on every core, TinyFaceDetector frames/s. Ratios are against PyTorch at the same batch and slots, measured in the same run.")
  static final class Models implements Callable<Integer> {
    @Option(
        names = "--device",
        defaultValue = "cpu",
        description = "Device of the PyTorch engine: cpu, gpu or gpu:N (default ${DEFAULT-VALUE}).")
    String device;

    @Option(
        names = "--engines",
        split = ",",
        defaultValue = "pytorch,onnxruntime",
        description = "Engines to compare, the first is the baseline (default ${DEFAULT-VALUE}).")
    List<String> engines;

    @Option(
        names = "--batches",
        split = ",",
        defaultValue = "1,8,16,32",
        description = "Expression net batch sizes (default ${DEFAULT-VALUE}).")
    List<Integer> batches;

    @Option(
        names = "--slots",
        split = ",",
        defaultValue = "1,0",
        description =
            "Parallel single-thread models to run at once; 0 means one per core (default ${DEFAULT-VALUE}).")
    List<Integer> slots;

    @Option(
        names = "--detector-size",
        defaultValue = "416",
        description = "Detector input size (default ${DEFAULT-VALUE}).")
    int detectorSize;

    @Option(
        names = "--seconds",
        defaultValue = "2",
        description = "Length of one timed round (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(
        names = "--rounds",
        defaultValue = "3",
        description = "Timed rounds; the median is reported (default ${DEFAULT-VALUE}).")
    int rounds;

    @Override
    public Integer call() throws Exception {
      int cores = Runtime.getRuntime().availableProcessors();
      Device d = DjlEngine.device(device);
      List<ModelEngine> chosen = engines.stream().map(ModelEngine::parse).toList();
      List<Integer> slotCounts = slots.stream().map(n -> n == 0 ? cores : n).distinct().toList();
      System.out.printf(
          Locale.ROOT,
          "# emostream bench models --device %s --engines %s --batches %s --slots %s --detector-size %d --seconds %s --rounds %d%n",
          device,
          String.join(",", engines),
          String.join(",", batches.stream().map(String::valueOf).toList()),
          String.join(",", slots.stream().map(String::valueOf).toList()),
          detectorSize,
          seconds,
          rounds);
      System.out.printf(
          Locale.ROOT,
          "# %s, %d cores, Java %s, DJL %s, PyTorch %s, ONNX Runtime %s; 1 intra-op thread per model%n",
          System.getProperty("os.arch"),
          cores,
          System.getProperty("java.version"),
          Engine.getDjlVersion(),
          DjlEngine.pytorch().getVersion(),
          OnnxRuntimeModels.engine().getVersion());
      System.out.println(
          "model              engine       slots  batch   items/s (median)   range            x "
              + chosen.get(0).id());
      for (int n : slotCounts) {
        Map<ModelEngine, List<ModelThroughput.Result>> byEngine = new LinkedHashMap<>();
        for (ModelEngine engine : chosen) {
          byEngine.put(
              engine, ModelBenchmark.expressionNet(d, engine, n, batches, seconds, rounds));
        }
        for (int i = 0; i < batches.size(); i++) {
          double base = byEngine.get(chosen.get(0)).get(i).median();
          for (ModelEngine engine : chosen) {
            ModelThroughput.Result r = byEngine.get(engine).get(i);
            System.out.printf(
                Locale.ROOT,
                "expression-net     %-12s %5d  %5d   %10.1f faces/s  %7.1f-%-7.1f  %6.2f%n",
                engine.id(),
                n,
                r.batch(),
                r.median(),
                r.min(),
                r.max(),
                r.median() / base);
          }
        }
      }
      for (int n : slotCounts) {
        double base = 0;
        for (ModelEngine engine : chosen) {
          ModelThroughput.Result r =
              ModelBenchmark.detector(d, engine, n, detectorSize, seconds, rounds);
          base = base == 0 ? r.median() : base;
          System.out.printf(
              Locale.ROOT,
              "tiny-detector@%-4d %-12s %5d  %5d   %10.1f frames/s %7.1f-%-7.1f  %6.2f%n",
              detectorSize,
              engine.id(),
              n,
              1,
              r.median(),
              r.min(),
              r.max(),
              r.median() / base);
        }
      }
      System.out.printf(
          Locale.ROOT,
          "preprocess (Java: pad, legacy resize to 112, normalise): %.3f ms per face crop%n",
          ModelBenchmark.preprocessMillis(200));
      return 0;
    }
  }

  @Command(
      name = "pipeline",
      mixinStandardHelpOptions = true,
      description =
          "Runs the whole scoring job on the embedded platform (Kafka + Flink MiniCluster + sample feed) and measures what reaches the output topics: sustained frames/s and clips/s, p50/p95/p99 end-to-end latency (capture of a clip's last frame -> score readable in Kafka). Then, in the same process, the raw throughput of the per-frame encoder at the job's batch size, the better of two layouts (one batch on all cores, or one single-thread batch per core at once); pipeline faces/s over that is the efficiency figure. The feed and the broker run in the same process and share the CPU.",
      footer = {
        "",
        "Example (the table in docs/benchmarks.md):",
        "  bin/emostream bench pipeline --cameras 8 --fps 30 --edge-boxes --warmup 180s --seconds 60"
      })
  static final class Pipeline implements Callable<Integer> {
    @Mixin ConfigMixin config;

    @Option(
        names = "--cameras",
        description =
            "Sample cameras: measure this load only. Without it, the benchmark finds the sustainable rate: from 4 cameras up by half each step, until p99 latency exceeds the clip span + 1 s, the job falls behind the feed, or the rate stops rising.")
    Integer cameras;

    @Option(
        names = "--fps",
        defaultValue = "10",
        description = "Frames per second per camera (default ${DEFAULT-VALUE}).")
    double fps;

    @Option(
        names = "--edge-boxes",
        description = "Frames carry edge-detected face boxes: the job skips detection.")
    boolean edgeBoxes;

    @Option(
        names = "--warmup",
        defaultValue = "60s",
        description =
            "Start-up and warm-up of the first run, not measured (default ${DEFAULT-VALUE}; the JIT compiler still takes a sizeable share of a core for the first minute). Later steps of the rate search warm up for a third of it.")
    String warmup;

    @Option(
        names = "--seconds",
        defaultValue = "60",
        description = "Measured period of each run (default ${DEFAULT-VALUE}).")
    int seconds;

    /** One measured load. */
    private record Step(
        int cameras, double offered, PipelineBenchmark.Report report, boolean held) {}

    /** The embedded platform's settings for {@code n} sample cameras; -D settings win. */
    private Configuration configFor(int n) throws IOException {
      Path data = Files.createTempDirectory("emostream-bench");
      Map<String, String> settings = new LinkedHashMap<>();
      settings.put(DemoOptions.KAFKA_PORT.key(), "0");
      settings.put(DemoOptions.METRICS_PORT.key(), "0");
      settings.put(DemoOptions.DATA_DIR.key(), data.toString());
      settings.put(DemoOptions.CAMERAS.key(), String.valueOf(n));
      settings.put(DemoOptions.FPS.key(), String.valueOf(fps));
      settings.put(DemoOptions.EDGE_BOXES.key(), String.valueOf(edgeBoxes));
      // Processing latency, not the checkpoint interval that exactly-once adds (override with -D).
      settings.put(KafkaOptions.DELIVERY.key(), "AT_LEAST_ONCE");
      settings.put("metrics.reporter.prom.port", "9300-9399");
      settings.putAll(config.settings);
      return EmoStreamConfig.load(config.file, System.getenv(), settings);
    }

    @Override
    public Integer call() throws Exception {
      Configuration base = configFor(cameras == null ? 4 : cameras);
      int batch = base.get(ScoringOptions.BATCH_MAX_SIZE);
      double clipSpanSeconds = base.get(ScoringOptions.CLIP_FRAMES) / fps;
      long latencyBudget = Math.round((clipSpanSeconds + 1) * 1000);
      System.out.printf(
          Locale.ROOT,
          "# emostream bench pipeline%s --fps %s%s --warmup %s --seconds %d%s%n",
          cameras == null ? "" : " --cameras " + cameras,
          fps,
          edgeBoxes ? " --edge-boxes" : "",
          warmup,
          seconds,
          config.settings.entrySet().stream()
              .map(e -> " -D " + e.getKey() + "=" + e.getValue())
              .reduce("", String::concat));
      System.out.printf(
          Locale.ROOT,
          "# %d cores, Java %s; %s; batch max-size %d, max-wait %s; delivery %s; held = p99 <= clip span + 1 s = %d ms and >= 90%% of the offered frames counted (frames are counted from 2-s statistics windows that straddle the measured period's ends)%n",
          Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.version"),
          edgeBoxes
              ? "edge boxes (no detection in the job)"
              : String.format(
                  Locale.ROOT,
                  "detection in the job: input %d, interval %d, re-localisation %d",
                  base.get(ScoringOptions.DETECTOR_INPUT_SIZE),
                  base.get(ScoringOptions.DETECT_INTERVAL),
                  base.get(ScoringOptions.RELOCALISE_SIZE)),
          batch,
          base.get(ScoringOptions.BATCH_MAX_WAIT),
          base.get(KafkaOptions.DELIVERY),
          latencyBudget);

      Duration firstWarmup = TimeUtils.parseDuration(warmup);
      List<Step> steps = new ArrayList<>();
      Step best = null;
      int n = cameras == null ? 4 : cameras;
      while (true) {
        Duration w = steps.isEmpty() ? firstWarmup : firstWarmup.dividedBy(3);
        PipelineBenchmark.Report r =
            PipelineBenchmark.run(configFor(n), w, Duration.ofSeconds(seconds));
        double offered = n * fps;
        boolean held =
            r.p99() >= 0 && r.p99() <= latencyBudget && r.framesPerSecond() >= 0.9 * offered;
        Step step = new Step(n, offered, r, held);
        steps.add(step);
        System.out.printf(
            Locale.ROOT,
            "%3d cameras: offered %6.1f frames/s, sustained %6.1f frames/s, %5.2f clips/s, latency p50 %d ms p95 %d ms p99 %d ms -> %s%n",
            n,
            offered,
            r.framesPerSecond(),
            r.clipsPerSecond(),
            r.p50(),
            r.p95(),
            r.p99(),
            held ? "held" : "not held");
        boolean rising =
            best == null || r.framesPerSecond() > best.report().framesPerSecond() * 1.02;
        if (held && rising) {
          best = step;
        }
        if (cameras != null || !held || !rising || n >= 64) {
          break;
        }
        n = (int) Math.ceil(n * 1.5);
      }
      Configuration conf = configFor(best == null ? n : best.cameras());
      PipelineBenchmark.Report r = (best == null ? steps.get(steps.size() - 1) : best).report();
      System.out.printf(
          Locale.ROOT,
          best == null
              ? "highest rate held           none (the first load was not held)%n"
              : "highest rate held        %8.1f frames/s (%d cameras x %s fps), p99 %d ms%n",
          best == null ? 0.0 : best.report().framesPerSecond(),
          best == null ? 0 : best.cameras(),
          fps,
          r.p99());

      Device d = DjlEngine.device(conf.get(ScoringOptions.MODEL_DEVICE));
      // After the pipeline stopped, same process: the best the encoder alone does here.
      ModelBenchmark.Baseline raw = ModelBenchmark.rawEncoder(d, batch);
      System.out.printf(
          Locale.ROOT,
          "raw encoder, batch %-3d  %8.1f faces/s with %d threads on one batch; %.1f faces/s with %d batches at once,"
              + " 1 thread each (same process, after the pipeline stopped)%n",
          batch,
          raw.wide().median(),
          raw.cores(),
          raw.perCore().median(),
          raw.cores());
      System.out.printf(
          Locale.ROOT,
          "efficiency              %8.2f  (pipeline faces/s / best raw faces/s)%n",
          r.framesPerSecond() / raw.best());
      int size = conf.get(ScoringOptions.DETECTOR_INPUT_SIZE);
      System.out.printf(
          Locale.ROOT,
          "raw detector @%d        %8.1f frames/s (the ceiling when frames come without edge boxes)%n",
          size,
          ModelBenchmark.detector(d, size, 3, 3).median());
      double bestRaw = raw.best();
      printStageCosts(
          batch,
          conf.get(ScoringOptions.CLIP_FRAMES),
          conf.get(ScoringOptions.CLIP_STRIDE),
          r.framesPerSecond(),
          bestRaw,
          edgeBoxes ? null : detectionCosts(batch, conf));
      return 0;
    }
  }

  /** The detection path's costs at the configured detector settings. */
  static PipelineStageCosts.DetectionCosts detectionCosts(int batch, Configuration conf)
      throws Exception {
    int relocalise = conf.get(ScoringOptions.RELOCALISE_SIZE);
    PipelineStageCosts.DetectionCosts c =
        PipelineStageCosts.detection(
            batch,
            conf.get(ScoringOptions.DETECTOR_INPUT_SIZE),
            relocalise == 0 ? 160 : relocalise,
            conf.get(ScoringOptions.DETECT_INTERVAL),
            5);
    return relocalise == 0 // carried boxes only: nothing between keyframes
        ? new PipelineStageCosts.DetectionCosts(c.inputSize(), c.fullFrameMs(), 0, 0, c.interval())
        : c;
  }

  /**
   * Each stage's own CPU cost per frame, all on one thread (the forward pass too), so the gap
   * between pipeline and raw model has names and sizes.
   */
  static void printStageCosts(
      int batch,
      int clipFrames,
      int clipStride,
      double pipelineFps,
      double bestRaw,
      PipelineStageCosts.DetectionCosts detection)
      throws Exception {
    Map<String, Double> costs = new LinkedHashMap<>();
    costs.putAll(PipelineStageCosts.measure(batch, clipFrames, clipStride, 5));
    if (detection != null) {
      costs.put(
          String.format(
              Locale.ROOT,
              "face finding: 1/%d x detector @%d (%.2f ms) + %d/%d x re-localisation @%d (%.2f ms)",
              detection.interval(),
              detection.inputSize(),
              detection.fullFrameMs(),
              detection.interval() - 1,
              detection.interval(),
              detection.relocaliseSize(),
              detection.relocaliseMs()),
          detection.perFrameMs());
    }
    double total =
        costs.entrySet().stream()
            .filter(e -> !e.getKey().equals(PipelineStageCosts.CHECK))
            .mapToDouble(Map.Entry::getValue)
            .sum();
    System.out.println(
        "stage costs, ms per frame on one core (median of 5 rounds of "
            + batch
            + " sample frames, "
            + (detection == null ? "with edge boxes" : "faces found by the job")
            + ", one stage after another, one thread):");
    costs.forEach(
        (stage, ms) ->
            System.out.printf(
                Locale.ROOT,
                stage.startsWith("(")
                    ? "  %s: %.2f ms%n"
                    : stage.length() > 44
                        ? "  %s: %.2f ms  %5.1f %%%n"
                        : "  %-44s %7.2f ms  %5.1f %%%n",
                stage,
                ms,
                100 * ms / total));
    int cores = Runtime.getRuntime().availableProcessors();
    double bound = cores * 1000 / total;
    System.out.printf(
        Locale.ROOT,
        "  %-44s %7.2f ms  -> %.1f frames/s per core; %d cores doing nothing else: at most %.1f frames/s%s%n",
        "sum",
        total,
        1000 / total,
        cores,
        bound,
        Double.isNaN(pipelineFps)
            ? ""
            : String.format(
                Locale.ROOT,
                " = efficiency <= %.2f (the pipeline reached %.1f)",
                bound / bestRaw,
                pipelineFps));
  }

  @Command(
      name = "stages",
      mixinStandardHelpOptions = true,
      description =
          "Where a frame's CPU time goes in the scoring job, stage by stage (Avro, JPEG decode, RGB conversion, crop + encoder, temporal head), all on one thread, on the sample frames; without running the pipeline.",
      footer = {"", "Example:  bin/emostream bench stages"})
  static final class Stages implements Callable<Integer> {
    @Option(
        names = "--batch",
        defaultValue = "16",
        description =
            "Frames per encoder batch, as scoring.batch.max-size (default ${DEFAULT-VALUE}).")
    int batch;

    @Override
    public Integer call() throws Exception {
      printStageCosts(batch, 16, 8, Double.NaN, Double.NaN, null);
      System.out.println();
      printStageCosts(
          batch, 16, 8, Double.NaN, Double.NaN, detectionCosts(batch, new Configuration()));
      return 0;
    }
  }

  @Command(
      name = "tracking",
      mixinStandardHelpOptions = true,
      description =
          "Keyframe detection with carried boxes against the detector on every frame at 416 px, on a real photo moved along realistic paths (pans, zoom, a face walking in, an occluder) at 10 fps: recall, median IoU, track breaks per minute and the share of frames the detector runs on, for each detection interval and detector input size.",
      footer = {
        "",
        "Example:  bin/emostream bench tracking --intervals 1,2,3,4,5 --sizes 224,320,416"
      })
  static final class Tracking implements Callable<Integer> {
    @Option(
        names = "--intervals",
        split = ",",
        defaultValue = "1,2,3,5,8",
        description = "scoring.detect.interval values (default ${DEFAULT-VALUE}).")
    List<Integer> intervals;

    @Option(
        names = "--sizes",
        split = ",",
        defaultValue = "224,320,416",
        description = "scoring.detector.input-size values (default ${DEFAULT-VALUE}).")
    List<Integer> sizes;

    @Option(
        names = "--relocalise-size",
        defaultValue = "160",
        description =
            "scoring.detect.relocalise-size: detector input size for the search around each carried box; 0 carries boxes only (default ${DEFAULT-VALUE}).")
    int localSize;

    @Override
    public Integer call() throws Exception {
      TrackingBenchmark.run(intervals, sizes, localSize, System.out);
      return 0;
    }
  }

  @Command(
      name = "label-modes",
      mixinStandardHelpOptions = true,
      description =
          "Trains the temporal clip model with each label mode (HARD, SOFT, MIXUP, MIDAS) on the same split, budget and seeds, evaluates each on the same held-out clips and prints WAR / UAR / KL / ECE as mean ± std over seeds.",
      footer = {
        "",
        "Example (the table in docs/benchmarks.md):",
        "  bin/emostream synth --output var/synth-a09 --clips 500 --frames 8 --size 64 --ambiguity 0.9 --seed 1",
        "  bin/emostream bench label-modes --data var/synth-a09 --frames 8 --size 64 --epochs 8 --seeds 1,2,3"
      })
  static final class LabelModes implements Callable<Integer> {
    @Mixin ConfigMixin config;
    @Mixin TrainingFlags flags;
    @Spec CommandSpec spec;

    @Option(
        names = "--modes",
        split = ",",
        defaultValue = "HARD,SOFT,MIXUP,MIDAS",
        description =
            "Modes (default ${DEFAULT-VALUE}); AUTO includes its selection runs in its time.")
    List<LabelMode> modes;

    @Option(
        names = "--seeds",
        split = ",",
        defaultValue = "1,2,3",
        description = "Seeds (default ${DEFAULT-VALUE}).")
    List<Long> seeds;

    @Override
    public Integer call() throws Exception {
      Configuration conf = config.load(ConfigDefaults.givenSettings(spec));
      ClipSplit data = TrainingInputs.load(conf, ConsoleProgressBar.onStderr());
      System.out.printf(
          "%d training / %d held-out clips, %d frames at %dx%d, %d epochs, seeds %s%n",
          data.train().size(),
          data.heldOut().size(),
          data.train().frames(),
          data.train().frameSize(),
          data.train().frameSize(),
          conf.get(TrainingSettings.EPOCHS),
          seeds);
      List<LabelModeComparison.Result> results =
          LabelModeComparison.run(
              data,
              TrainingSettings.trainingOptions(conf),
              modes,
              seeds,
              DjlEngine.devices(conf.get(TrainingSettings.DEVICES)),
              TrainingSettings.retrainingOptions(conf).modeSelection(),
              System.out::println);
      System.out.println();
      System.out.print(LabelModeComparison.table(results, modes));
      return 0;
    }
  }

  @Command(
      name = "loop",
      mixinStandardHelpOptions = true,
      description =
          "How many labelled clips the collection loop needs before the release gate passes a candidate over the built-in model: synthetic clips cropped and JPEG'd as the sampler does, with 10 simulated annotators' votes; for each pool size and seed a candidate is trained and gated against the built-in model on the same held-out clips.",
      footer = {
        "",
        "Example:  bin/emostream bench loop --frames 8 --size 48 --epochs 8 --mode SOFT --sizes 20,40,80,160"
      })
  static final class Loop implements Callable<Integer> {
    @Mixin ConfigMixin config;
    @Mixin TrainingFlags flags;
    @Spec CommandSpec spec;

    @Option(
        names = "--sizes",
        split = ",",
        defaultValue = "20,40,80,160",
        description = "Labelled clips to train on (default ${DEFAULT-VALUE}).")
    List<Integer> sizes;

    @Option(
        names = "--held-out",
        defaultValue = "80",
        description = "Held-out clips, the same for every run (default ${DEFAULT-VALUE}).")
    int heldOut;

    @Option(
        names = "--ambiguity",
        defaultValue = "0.5",
        description = "Ambiguity of the synthetic clips (default ${DEFAULT-VALUE}).")
    double ambiguity;

    @Option(
        names = "--seeds",
        split = ",",
        defaultValue = "1,2,3",
        description = "Training seeds (default ${DEFAULT-VALUE}).")
    List<Long> seeds;

    @Override
    public Integer call() throws Exception {
      Configuration conf = config.load(ConfigDefaults.givenSettings(spec));
      int frames = conf.get(TrainingSettings.FRAMES);
      int size = conf.get(TrainingSettings.SIZE);
      int largest = sizes.stream().mapToInt(Integer::intValue).max().orElse(0);
      List<io.emostream.model.data.Clip> clips =
          LoopDataNeeds.clips(0, heldOut + largest, frames, size, ambiguity, 7);
      ClipDataset held = new ClipDataset("held-out", frames, size, clips.subList(0, heldOut));
      var devices = DjlEngine.devices(conf.get(TrainingSettings.DEVICES));
      var incumbent = LoopDataNeeds.builtIn(held, devices[0]);
      System.out.printf(
          Locale.ROOT,
          "%d held-out clips, pools of %s, %d frames at %d px, %d epochs, mode %s, seeds %s%n",
          heldOut,
          sizes,
          frames,
          size,
          conf.get(TrainingSettings.EPOCHS),
          conf.get(TrainingSettings.MODE),
          seeds);
      var results =
          LoopDataNeeds.run(
              clips.subList(heldOut, clips.size()),
              held,
              sizes,
              seeds,
              TrainingSettings.trainingOptions(conf),
              incumbent,
              new ReleaseGate(
                  conf.get(TrainingSettings.MIN_UAR_GAIN), conf.get(TrainingSettings.MAX_WAR_DROP)),
              devices,
              System.out::println);
      System.out.println();
      System.out.print(LoopDataNeeds.table(results, incumbent));
      return 0;
    }
  }

  @Command(
      name = "training",
      mixinStandardHelpOptions = true,
      description =
          "Training speed with and without MIDAS on the same clips, in one process: clips/s per mode over alternating one-epoch rounds (median), and the share of MIDAS step time spent mixing.",
      footer = {
        "",
        "Example:  bin/emostream bench training --data var/synth -D training.freeze-encoder-epochs=0 --rounds 3"
      })
  static final class Training implements Callable<Integer> {
    @Mixin ConfigMixin config;
    @Mixin TrainingFlags flags;
    @Spec CommandSpec spec;

    @Option(
        names = "--rounds",
        defaultValue = "3",
        description =
            "Alternating rounds per mode; the median is reported (default ${DEFAULT-VALUE}).")
    int rounds;

    @Override
    public Integer call() throws Exception {
      Configuration conf = config.load(ConfigDefaults.givenSettings(spec));
      ClipSplit data = TrainingInputs.load(conf, ConsoleProgressBar.onStderr());
      List<TrainingSpeed.Round> rounds =
          TrainingSpeed.run(
              data,
              TrainingSettings.trainingOptions(conf),
              DjlEngine.devices(conf.get(TrainingSettings.DEVICES)),
              this.rounds,
              new Consumer<>() {
                private int n;

                @Override
                public void accept(TrainingSpeed.Round r) {
                  System.out.printf(
                      Locale.ROOT,
                      "round %d: SOFT %.2f clips/s, MIDAS %.2f clips/s, mixing %.2f %% of MIDAS step time%n",
                      ++n,
                      r.softClipsPerSecond(),
                      r.midasClipsPerSecond(),
                      100 * r.mixShare());
                }
              });
      double soft =
          median(rounds.stream().mapToDouble(TrainingSpeed.Round::softClipsPerSecond).toArray());
      double midas =
          median(rounds.stream().mapToDouble(TrainingSpeed.Round::midasClipsPerSecond).toArray());
      System.out.printf(
          Locale.ROOT,
          "%nmedian: SOFT (no mixing) %.2f clips/s, MIDAS %.2f clips/s, ratio MIDAS/SOFT %.3f, mixing %.2f %% of a step%n",
          soft,
          midas,
          midas / soft,
          100 * median(rounds.stream().mapToDouble(TrainingSpeed.Round::mixShare).toArray()));
      return 0;
    }

    private static double median(double[] v) {
      double[] s = v.clone();
      Arrays.sort(s);
      return s[s.length / 2];
    }
  }

  @Command(
      name = "ingest",
      mixinStandardHelpOptions = true,
      description =
          "Frames/s one ingest process sustains from 720p and 1080p H.264 files (made here, of the sample portrait): decode + downscale + JPEG + publish to an embedded broker as fast as possible, next to FFmpeg decoding alone.",
      footer = {"", "Example:  bin/emostream bench ingest --frames 300"})
  static final class Ingest implements Callable<Integer> {
    @Option(
        names = "--frames",
        defaultValue = "300",
        description = "Frames per test video (default ${DEFAULT-VALUE}).")
    int frames;

    @Option(
        names = "--max-side",
        defaultValue = "1280",
        description = "Downscale bound, as ingest.max-side (default ${DEFAULT-VALUE}).")
    int maxSide;

    @Option(
        names = "--jpeg-quality",
        defaultValue = "0.85",
        description = "JPEG quality (default ${DEFAULT-VALUE}).")
    double quality;

    @Option(
        names = "--work-dir",
        defaultValue = "var/bench-ingest",
        description = "Where the test videos are made and kept (default ${DEFAULT-VALUE}).")
    Path workDir;

    @Override
    public Integer call() throws Exception {
      var results = IngestBenchmark.run(workDir, frames, maxSide, quality);
      System.out.print(IngestBenchmark.table(results, maxSide));
      return 0;
    }
  }
}
