package io.emostream.model.retrain;

import io.emostream.model.eval.ReleaseGate;
import io.emostream.model.train.TrainingOptions;
import java.nio.file.Path;

/**
 * What a retraining run needs besides its clips.
 *
 * @param training the trainer's hyper-parameters
 * @param devices cpu, gpu:N, a list, or gpus (see {@code DjlEngine.devices})
 * @param output where the run writes report, plots and candidate bundle (a folder per version)
 * @param checkpoints checkpoint folder to resume from and write to, or null
 * @param incumbent the bundle the candidate must beat, or null for the built-in model
 * @param gate when a candidate is released
 * @param releasesDir where a released bundle is copied (a folder per version)
 * @param versionPrefix versions are PREFIX-yyyyMMdd-HHmmss
 * @param modeSelection how {@code training.mode: AUTO} picks the label mode
 */
public record RetrainingOptions(
    TrainingOptions training,
    String devices,
    Path output,
    Path checkpoints,
    Path incumbent,
    ReleaseGate gate,
    Path releasesDir,
    String versionPrefix,
    ModeSelection modeSelection) {}
