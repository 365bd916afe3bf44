package io.emostream.annotate;

import io.emostream.schemas.event.ClipSample;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The clips waiting for votes, as the annotation app sees them: samples in arrival order, and per
 * clip who has voted or skipped. An annotator gets each clip once; a clip leaves the queue when it
 * has the votes the soft-label job labels at. Thread-safe (the HTTP server's threads and the topic
 * follower share it).
 */
public final class AnnotationQueue {
  private final int votesPerClip;
  private final int maxPending;
  private final Map<String, ClipSample> pending = new LinkedHashMap<>();
  private final Map<String, Set<String>> voters = new HashMap<>();
  private final Map<String, Set<String>> skipped = new HashMap<>();
  private long votesCast;

  /**
   * @param votesPerClip a clip with this many votes is no longer offered
   * @param maxPending most clips kept; beyond, the oldest are dropped (they are still on the topic)
   */
  public AnnotationQueue(int votesPerClip, int maxPending) {
    this.votesPerClip = votesPerClip;
    this.maxPending = maxPending;
  }

  public synchronized void add(ClipSample sample) {
    String id = sample.getClipId();
    if (voters.getOrDefault(id, Set.of()).size() >= votesPerClip) {
      return;
    }
    pending.put(id, sample);
    if (pending.size() > maxPending) {
      Iterator<String> oldest = pending.keySet().iterator();
      forget(oldest.next());
    }
  }

  /** A vote seen on the annotations topic (from this app or any other source). */
  public synchronized void voted(String clipId, String annotator) {
    Set<String> who = voters.computeIfAbsent(clipId, k -> new HashSet<>());
    if (who.add(annotator)) {
      votesCast++;
    }
    if (who.size() >= votesPerClip) {
      pending.remove(clipId);
    }
  }

  /**
   * Reserves the annotator's vote on a clip.
   *
   * @return false if the annotator already voted for it
   */
  public synchronized boolean tryVote(String clipId, String annotator) {
    if (voters.getOrDefault(clipId, Set.of()).contains(annotator)) {
      return false;
    }
    voted(clipId, annotator);
    return true;
  }

  /** Gives a reserved vote back (its write to Kafka failed). */
  public synchronized void undoVote(String clipId, String annotator, ClipSample sample) {
    Set<String> who = voters.get(clipId);
    if (who != null && who.remove(annotator)) {
      votesCast--;
      if (sample != null && !pending.containsKey(clipId)) {
        pending.put(clipId, sample);
      }
    }
  }

  public synchronized void skip(String clipId, String annotator) {
    skipped.computeIfAbsent(clipId, k -> new HashSet<>()).add(annotator);
  }

  /** The oldest clip this annotator has neither voted on nor skipped. */
  public synchronized Optional<ClipSample> next(String annotator) {
    for (ClipSample s : pending.values()) {
      String id = s.getClipId();
      if (!voters.getOrDefault(id, Set.of()).contains(annotator)
          && !skipped.getOrDefault(id, Set.of()).contains(annotator)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  public synchronized Optional<ClipSample> sample(String clipId) {
    return Optional.ofNullable(pending.get(clipId));
  }

  /** Clips still waiting for votes. */
  public synchronized int pending() {
    return pending.size();
  }

  public synchronized long votesCast() {
    return votesCast;
  }

  public synchronized int votes(String clipId) {
    return voters.getOrDefault(clipId, Set.of()).size();
  }

  private void forget(String clipId) {
    pending.remove(clipId);
    skipped.remove(clipId);
  }
}
