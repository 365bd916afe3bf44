package io.emostream.model.tfjs;

/** A TF.js weight manifest or weight file that cannot be used, naming the entry and the file. */
public final class TfjsWeightsException extends Exception {
  public TfjsWeightsException(String message) {
    super(message);
  }

  public TfjsWeightsException(String message, Throwable cause) {
    super(message, cause);
  }
}
