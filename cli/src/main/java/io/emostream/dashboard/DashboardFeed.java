package io.emostream.dashboard;

import io.emostream.schemas.codec.AvroJson;
import io.emostream.schemas.event.EmotionAggregate;
import io.emostream.schemas.event.EmotionAlert;
import io.emostream.schemas.event.EmotionScore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * Scores, aggregates and alerts as server-sent events: each record becomes one event (its type and
 * the record as JSON); the last {@code history} events are kept for pages that open later. A client
 * whose queue is full (a stalled browser) loses events rather than holding up the rest.
 * Thread-safe.
 */
public final class DashboardFeed {
  /** One server-sent event. */
  public record Event(String type, String json) {
    String wire() {
      return "event: " + type + "\ndata: " + json + "\n\n";
    }
  }

  private static final int CLIENT_QUEUE = 1000;

  private final int history;
  private final Deque<Event> recent = new ArrayDeque<>();
  private final Set<BlockingQueue<Event>> clients = new CopyOnWriteArraySet<>();

  public DashboardFeed(int history) {
    this.history = history;
  }

  /** Publishes a record read from Kafka; records of other types are ignored. */
  public void accept(Object record) {
    String type;
    if (record instanceof EmotionScore) {
      type = "score";
    } else if (record instanceof EmotionAggregate) {
      type = "aggregate";
    } else if (record instanceof EmotionAlert) {
      type = "alert";
    } else {
      return;
    }
    Event e = new Event(type, AvroJson.line((org.apache.avro.specific.SpecificRecord) record));
    synchronized (recent) {
      recent.addLast(e);
      if (recent.size() > history) {
        recent.removeFirst();
      }
    }
    for (BlockingQueue<Event> client : clients) {
      client.offer(e);
    }
  }

  /** A new client's queue, primed with the recent events. */
  BlockingQueue<Event> subscribe() {
    BlockingQueue<Event> queue = new ArrayBlockingQueue<>(CLIENT_QUEUE + history);
    synchronized (recent) {
      queue.addAll(recent);
      clients.add(queue);
    }
    return queue;
  }

  void unsubscribe(BlockingQueue<Event> queue) {
    clients.remove(queue);
  }

  int clients() {
    return clients.size();
  }

  List<Event> recent() {
    synchronized (recent) {
      return new ArrayList<>(recent);
    }
  }
}
