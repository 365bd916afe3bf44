/**
 * DJL models of EmoStream: the pretrained face-api expression and face-detection networks, the
 * trainable clip model, model bundles, MIDAS augmentation, datasets, the trainer and its metrics.
 * Depends on the schemas module and DJL only; never on Flink.
 */
package io.emostream.model;
