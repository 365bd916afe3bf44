package io.emostream.ingest;

import java.awt.image.BufferedImage;

/**
 * A decoded frame as a source delivers it.
 *
 * @param streamMicros presentation time within the stream (files, network streams), or -1 if the
 *     source has none
 * @param wallClockMillis when this process received it
 */
public record CapturedFrame(BufferedImage image, long streamMicros, long wallClockMillis) {}
