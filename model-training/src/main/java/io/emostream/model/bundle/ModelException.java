package io.emostream.model.bundle;

/** A model that failed to run (engine error, bad input); the model boundary's checked exception. */
public final class ModelException extends Exception {
  public ModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
