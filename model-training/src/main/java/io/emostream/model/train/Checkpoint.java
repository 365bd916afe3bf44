package io.emostream.model.train;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The state after an epoch: {@code checkpoint.json} (epoch, options, history) and {@code
 * checkpoint.params} (DJL parameter format). Written to temporary files and moved into place, so a
 * crash mid-write leaves the previous checkpoint intact.
 */
record Checkpoint(int epoch, TrainingOptions options, List<EpochStats> history, byte[] parameters) {
  static final String STATE = "checkpoint.json";
  static final String PARAMETERS = "checkpoint.params";
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private record State(int epoch, TrainingOptions options, List<EpochStats> history) {}

  static void write(Path dir, Checkpoint c) throws IOException {
    Files.createDirectories(dir);
    Path params = dir.resolve(PARAMETERS + ".tmp");
    Files.write(params, c.parameters());
    Path state = dir.resolve(STATE + ".tmp");
    JSON.writeValue(state.toFile(), new State(c.epoch(), c.options(), c.history()));
    Files.move(
        params,
        dir.resolve(PARAMETERS),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
    Files.move(
        state,
        dir.resolve(STATE),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * The checkpoint in {@code dir}, or null if there is none; one made with other options is an
   * error.
   */
  static Checkpoint read(Path dir, TrainingOptions expected) throws IOException {
    Path state = dir.resolve(STATE);
    if (!Files.exists(state)) {
      return null;
    }
    State s = JSON.readValue(state.toFile(), State.class);
    if (!expected.equals(s.options())) {
      throw new IOException(
          state
              + " was written with other training options ("
              + s.options()
              + "); use another checkpoint directory"
              + " or the same options ("
              + expected
              + ")");
    }
    return new Checkpoint(
        s.epoch(), s.options(), s.history(), Files.readAllBytes(dir.resolve(PARAMETERS)));
  }
}
