package io.emostream.jobs.labels;

import io.emostream.jobs.io.KafkaRecordBytes;
import io.emostream.schemas.event.Annotation;
import io.emostream.schemas.event.ClipSample;

/**
 * One input of the soft-label join, keyed by clip id: a clip sample or a vote. A vote keeps its
 * Kafka record, so a vote refused later (duplicate, late, unknown clip) is dead-lettered as it
 * came. A Flink POJO.
 */
public class LabelEvent {
  public String clipId;
  public long eventTimeMillis;
  public ClipSample sample;
  public Annotation vote;
  public KafkaRecordBytes record;

  public LabelEvent() {}

  static LabelEvent sample(ClipSample s) {
    LabelEvent e = new LabelEvent();
    e.clipId = s.getClipId();
    e.eventTimeMillis = s.getProvenance().getWindowEnd().toEpochMilli();
    e.sample = s;
    return e;
  }

  static LabelEvent vote(Annotation a, KafkaRecordBytes record) {
    LabelEvent e = new LabelEvent();
    e.clipId = a.getClipId();
    e.eventTimeMillis = a.getAnnotatedTime().toEpochMilli();
    e.vote = a;
    e.record = record;
    return e;
  }

  @Override
  public String toString() {
    return (sample != null ? "sample " : "vote ") + clipId + " @" + eventTimeMillis;
  }
}
