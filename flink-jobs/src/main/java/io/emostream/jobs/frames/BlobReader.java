package io.emostream.jobs.frames;

import java.io.IOException;
import java.io.Serializable;
import java.net.URI;

/** Reads the bytes behind a frame's claim-check URI. Implementations are selected by URI scheme. */
public interface BlobReader extends Serializable {

  /** Whether this reader handles URIs of this scheme (e.g. {@code file}). */
  boolean supports(String scheme);

  /**
   * Reads the whole blob.
   *
   * @param maxBytes refuse blobs larger than this, before reading them
   */
  byte[] read(URI uri, long maxBytes) throws IOException;
}
