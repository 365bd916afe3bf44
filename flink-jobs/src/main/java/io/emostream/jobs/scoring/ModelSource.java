package io.emostream.jobs.scoring;

import io.emostream.jobs.config.ScoringOptions;
import io.emostream.model.DjlEngine;
import io.emostream.model.bundle.ClipModels;
import io.emostream.model.bundle.FrameEncodingClipModel;
import io.emostream.model.bundle.ModelBundle;
import java.io.Serializable;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;

/**
 * Where operators get their model from: a bundle directory ({@code scoring.model.bundle}) or the
 * built-in bundle, on {@code scoring.model.device}. Serializable; models are loaded in the task.
 */
public record ModelSource(String bundleDir, String device) implements Serializable {

  public static ModelSource from(Configuration conf) {
    return new ModelSource(conf.getOptional(ScoringOptions.MODEL_BUNDLE).orElse(null), conf.get(ScoringOptions.MODEL_DEVICE));
  }

  public ModelBundle bundle() throws Exception {
    return bundleDir == null ? ModelBundle.builtIn() : ModelBundle.open(Path.of(bundleDir));
  }

  public FrameEncodingClipModel frameEncoder() throws Exception {
    return FaceEncodingFunction.requireFrameEncoding(ClipModels.load(bundle(), DjlEngine.device(device)));
  }
}
