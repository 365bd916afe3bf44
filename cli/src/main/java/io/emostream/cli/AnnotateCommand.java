package io.emostream.cli;

import io.emostream.annotate.AnnotateOptions;
import io.emostream.annotate.AnnotationQueue;
import io.emostream.annotate.AnnotationServer;
import io.emostream.annotate.TopicFollower;
import io.emostream.jobs.config.KafkaOptions;
import io.emostream.jobs.config.LabelOptions;
import io.emostream.jobs.io.KafkaIo;
import io.emostream.schemas.topic.KafkaTopics;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code emostream annotate}: the annotation web app. */
@Command(
    name = "annotate",
    mixinStandardHelpOptions = true,
    description = {
      "Serves the annotation web app: annotators see the next pending clip sample (its face crops"
          + " as a loop) and vote one of the seven expressions (keys 1-7) or skip (0). Votes go to"
          + " the annotations topic; 'emostream labels' turns them into soft labels. Several"
          + " annotators can work at once; each votes once per clip.",
      "Binds to annotate.host (127.0.0.1 by default); set annotate.token before serving other hosts."
    },
    footer = {
      "",
      "Example:  bin/emostream annotate --bootstrap-servers kafka-1:9092 --port 8088",
      "          then open http://127.0.0.1:8088/?annotator=alice"
    })
final class AnnotateCommand implements Callable<Integer> {
  @Mixin ConfigMixin config;

  @Mixin KafkaFlags kafkaFlags;

  @Option(
      names = "--host",
      descriptionKey = "annotate.host",
      description = "Address to bind (default ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--port",
      descriptionKey = "annotate.port",
      description = "Port (default ${DEFAULT-VALUE}).")
  Integer port;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Configuration conf = config.load(ConfigDefaults.givenSettings(spec));
    try (Running app = start(conf)) {
      System.out.println("Annotation app: " + app.url() + "  (Ctrl-C stops it)");
      CountDownLatch stop = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
      stop.await();
    }
    return 0;
  }

  /** The app's parts, started; closing stops them. Also used by the demo's annotation loop. */
  record Running(
      AnnotationServer server, TopicFollower follower, KafkaProducer<byte[], byte[]> producer)
      implements AutoCloseable {
    String url() {
      InetSocketAddress a = server.address();
      return "http://" + a.getHostString() + ":" + a.getPort() + "/";
    }

    @Override
    public void close() throws Exception {
      server.close();
      follower.close();
      producer.close();
    }
  }

  static Running start(Configuration conf) throws Exception {
    KafkaIo kafka = new KafkaIo(conf);
    KafkaTopics topics = kafka.topics();
    AnnotationQueue queue =
        new AnnotationQueue(
            conf.get(LabelOptions.VOTES_PER_CLIP), conf.get(AnnotateOptions.MAX_PENDING));
    Properties props = KafkaOptions.clientProperties(conf);
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    TopicFollower follower =
        new TopicFollower(props, topics.clipSamples().name(), topics.annotations().name(), queue)
            .start();
    KafkaProducer<byte[], byte[]> producer = CliProducer.open(kafka, conf);
    AnnotationServer server =
        new AnnotationServer(
                new InetSocketAddress(
                    conf.get(AnnotateOptions.HOST), conf.get(AnnotateOptions.PORT)),
                queue,
                producer,
                topics.annotations().name(),
                conf.getOptional(AnnotateOptions.TOKEN).orElse(null),
                Clock.systemUTC())
            .start();
    return new Running(server, follower, producer);
  }
}
