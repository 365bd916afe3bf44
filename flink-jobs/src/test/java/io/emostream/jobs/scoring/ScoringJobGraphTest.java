package io.emostream.jobs.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/** The shape of the job as Flink will run it. */
class ScoringJobGraphTest {

  @Test
  void decodedPixelsNeverLeaveTheOperatorChainThatMadeThem() {
    Configuration conf = Configuration.fromMap(Map.of("execution.checkpointing.interval", "5s"));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    ScoringJob.onKafka(conf).build(env);

    List<String> vertices = new ArrayList<>();
    for (JobVertex v : env.getStreamGraph().getJobGraph().getVertices()) {
      vertices.add(v.getName());
    }

    // Source, admission, face detection + encoding in one chain; keyed operators after the
    // shuffles,
    // which carry only metadata and per-face features.
    assertThat(vertices)
        .anySatisfy(
            name ->
                assertThat(name)
                    .contains("frames", "frame admission", "face detection + encoding"));
    // Clips (T feature vectors, or T crops for whole-clip models) go to batched scoring without a
    // copy.
    assertThat(vertices)
        .anySatisfy(
            name -> assertThat(name).contains("tracks, clips", "clip scoring", "emotion scores"));
    assertThat(env.getConfig().isObjectReuseEnabled()).isTrue();
  }
}
