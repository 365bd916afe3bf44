package io.emostream.demo;

import io.emostream.model.synth.SyntheticExpressions;
import io.emostream.schemas.codec.AvroCodec;
import io.emostream.schemas.codec.RecordDecodeException;
import io.emostream.schemas.event.Annotation;
import io.emostream.schemas.event.AnnotationSource;
import io.emostream.schemas.event.ClipSample;
import io.emostream.schemas.event.Expression;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Stand-ins for people at the annotation app, for the demo's loop and its test: for each clip
 * sample of a synthetic camera they look up the clip's true mixture in the {@link MixtureLedger}
 * and cast {@code annotators} HUMAN votes, each drawn from what a person perceives of it (as the
 * synthetic benchmark's annotators do). Samples of other cameras get no vote.
 */
public final class SimulatedAnnotators implements AutoCloseable {
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final KafkaProducer<byte[], byte[]> producer;
  private final String votesTopic;
  private final MixtureLedger ledger;
  private final int annotators;
  private final Clock clock;
  private final Consumer<String> console;
  private final AvroCodec<ClipSample> samples = AvroCodec.of(ClipSample.class);
  private final AvroCodec<Annotation> votes = AvroCodec.of(Annotation.class);
  private final Thread thread;
  private volatile boolean running = true;

  public SimulatedAnnotators(
      Properties clientProps,
      String samplesTopic,
      String votesTopic,
      MixtureLedger ledger,
      int annotators,
      Clock clock,
      Consumer<String> console) {
    Properties c = new Properties();
    c.putAll(clientProps);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    c.put(ConsumerConfig.CLIENT_ID_CONFIG, "emostream-simulated-annotators");
    c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(8 << 20));
    this.consumer =
        new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(samplesTopic).stream()
            .map(p -> new TopicPartition(samplesTopic, p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    Properties p = new Properties();
    p.putAll(clientProps);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "emostream-simulated-annotators");
    this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    this.votesTopic = votesTopic;
    this.ledger = ledger;
    this.annotators = annotators;
    this.clock = clock;
    this.console = console;
    this.thread = new Thread(this::run, "simulated-annotators");
    thread.setDaemon(true);
  }

  public SimulatedAnnotators start() {
    thread.start();
    return this;
  }

  private void run() {
    try {
      while (running) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(300))) {
          try {
            vote(samples.decode(r.value()));
          } catch (RecordDecodeException e) {
            // not for us to judge: the soft-label job dead-letters it
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } finally {
      consumer.close();
    }
  }

  private void vote(ClipSample s) {
    var p = s.getProvenance();
    Optional<double[]> mixture =
        ledger.mean(
            p.getCameraId(), p.getWindowStart().toEpochMilli(), p.getWindowEnd().toEpochMilli());
    if (mixture.isEmpty()) {
      return;
    }
    double[] perceived = SyntheticExpressions.perceived(mixture.get());
    SplittableRandom random = new SplittableRandom(s.getClipId().hashCode());
    int[] counts = new int[perceived.length];
    for (int a = 1; a <= annotators; a++) {
      Expression vote = Expression.values()[SyntheticExpressions.draw(perceived, random)];
      counts[vote.ordinal()]++;
      Annotation annotation =
          new Annotation(
              s.getClipId(), "sim-annotator-" + a, clock.instant(), vote, AnnotationSource.HUMAN);
      producer.send(
          new ProducerRecord<>(
              votesTopic,
              null,
              annotation.getAnnotatedTime().toEpochMilli(),
              s.getClipId().getBytes(StandardCharsets.UTF_8),
              votes.encode(annotation)));
    }
    console.accept(
        "VOTES      clip "
            + s.getClipId().substring(0, 8)
            + " of "
            + p.getCameraId()
            + ": "
            + annotators
            + " simulated votes "
            + java.util.Arrays.toString(counts));
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(5000);
    producer.close(Duration.ofSeconds(5));
  }
}
