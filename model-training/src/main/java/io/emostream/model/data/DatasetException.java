package io.emostream.model.data;

import java.nio.file.Path;

/** A dataset entry that is missing or malformed; the message names the file (and line). */
public final class DatasetException extends Exception {
  public DatasetException(String message) {
    super(message);
  }

  public DatasetException(String message, Throwable cause) {
    super(message, cause);
  }

  static DatasetException at(Path file, int line, String problem) {
    return new DatasetException(file + ":" + line + ": " + problem);
  }
}
