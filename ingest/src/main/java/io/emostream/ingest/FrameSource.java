package io.emostream.ingest;

import java.io.IOException;

/** Frames from one camera source, in capture order. Not thread-safe: one reader thread. */
public interface FrameSource extends AutoCloseable {

  /**
   * The next frame; null at the end of a finite source. Throws when a live source's connection
   * breaks.
   */
  CapturedFrame read() throws IOException;

  /**
   * Live sources (network streams, webcams) reconnect on errors and take wall-clock capture times.
   */
  boolean live();

  @Override
  void close();
}
