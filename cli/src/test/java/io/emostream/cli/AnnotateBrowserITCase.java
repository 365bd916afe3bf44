package io.emostream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.annotate.AnnotateOptions;
import io.emostream.jobs.config.KafkaOptions;
import io.emostream.kafka.embedded.TestKafka;
import io.emostream.model.image.Jpeg;
import io.emostream.schemas.codec.AvroCodec;
import io.emostream.schemas.event.Annotation;
import io.emostream.schemas.event.AnnotationSource;
import io.emostream.schemas.event.ClipProvenance;
import io.emostream.schemas.event.ClipSample;
import io.emostream.schemas.event.ConsentScope;
import io.emostream.schemas.event.Distributions;
import io.emostream.schemas.event.Expression;
import io.emostream.schemas.event.StreamConsent;
import io.emostream.schemas.topic.KafkaTopics;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The annotation app in a real headless browser (Debian's chromium and chromedriver; .ci/run
 * installs them): an annotator votes through the page with the keyboard, the votes are read back
 * from a real broker, and a second vote on the same clip is refused.
 */
class AnnotateBrowserITCase {
  @TempDir Path dir;

  @Test
  void anAnnotatorVotesWithTheKeyboardAndTheVotesReachKafka() throws Exception {
    HeadlessChromium.assumeInstalled();
    Path topicsFile = TestKafka.freshTopics(dir);
    KafkaTopics topics = KafkaTopics.load(topicsFile);
    List<String> clips = List.of("clip-a", "clip-b", "clip-c");
    AvroCodec<ClipSample> samples = AvroCodec.of(ClipSample.class);
    try (KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
      for (int i = 0; i < clips.size(); i++) {
        producer
            .send(
                new ProducerRecord<>(
                    topics.clipSamples().name(),
                    clips.get(i).getBytes(),
                    samples.encode(sample(clips.get(i), i))))
            .get();
      }
    }
    Configuration conf =
        Configuration.fromMap(
            Map.of(
                KafkaOptions.BOOTSTRAP_SERVERS.key(), TestKafka.bootstrapServers(),
                KafkaOptions.TOPICS_FILE.key(), topicsFile.toString(),
                AnnotateOptions.PORT.key(), "0"));

    List<String> shown = new ArrayList<>();
    try (AnnotateCommand.Running app = AnnotateCommand.start(conf)) {
      assertThat(app.follower().awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
      WebDriver browser = HeadlessChromium.open(900, 700);
      try {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        browser.get(app.url() + "?annotator=alice");
        for (String key : List.of("2", "3", "0")) { // HAPPY, SAD, skip
          String previous = shown.isEmpty() ? "" : shown.get(shown.size() - 1);
          wait.until(
              b -> {
                String id = b.findElement(By.id("clip")).getDomAttribute("data-clip-id");
                return id != null && !id.isEmpty() && !id.equals(previous) ? id : null;
              });
          shown.add(browser.findElement(By.id("clip")).getDomAttribute("data-clip-id"));
          wait.until(
              b ->
                  ((Number)
                              ((org.openqa.selenium.JavascriptExecutor) b)
                                  .executeScript(
                                      "return document.getElementById('frame').naturalWidth"))
                          .intValue()
                      > 0); // the crops load and play
          if (shown.size() == 1) {
            HeadlessChromium.screenshot(browser, "annotate-page.png");
          }
          new Actions(browser).sendKeys(key).perform();
        }
        wait.until(b -> b.findElement(By.id("message")).getText().startsWith("No clips waiting"));
        assertThat(shown).containsExactlyInAnyOrderElementsOf(clips); // 2 partitions: any order
      } finally {
        browser.quit();
      }

      // A second annotator votes on the same clip through the API; a repeat is refused.
      assertThat(post(app, shown.get(0), "bob", "ANGRY")).isEqualTo(200);
      assertThat(post(app, shown.get(0), "bob", "SAD")).isEqualTo(409);

      List<Annotation> votes =
          TestKafka.readValues(
              topics.annotations().name(),
              AvroCodec.of(Annotation.class),
              3,
              Duration.ofSeconds(20));
      assertThat(votes)
          .extracting(Annotation::getClipId, Annotation::getVote, Annotation::getAnnotatorId)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple(shown.get(0), Expression.HAPPY, "alice"),
              org.assertj.core.groups.Tuple.tuple(shown.get(1), Expression.SAD, "alice"),
              org.assertj.core.groups.Tuple.tuple(shown.get(0), Expression.ANGRY, "bob"));
      assertThat(votes)
          .allSatisfy(v -> assertThat(v.getSource()).isEqualTo(AnnotationSource.HUMAN));
    }
  }

  private static int post(AnnotateCommand.Running app, String clip, String annotator, String vote)
      throws Exception {
    String body =
        "{\"clipId\":\"%s\",\"annotator\":\"%s\",\"vote\":\"%s\"}".formatted(clip, annotator, vote);
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(app.url() + "api/votes"))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  private static ClipSample sample(String id, int shade) {
    List<ByteBuffer> frames = new ArrayList<>();
    for (int f = 0; f < 4; f++) {
      BufferedImage img = new BufferedImage(112, 112, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = img.createGraphics();
      g.setColor(new Color(60 + 60 * shade, 120, 200 - 40 * f));
      g.fillRect(0, 0, 112, 112);
      g.setColor(Color.WHITE);
      g.fillOval(20 + 5 * f, 20, 70, 80);
      g.dispose();
      frames.add(ByteBuffer.wrap(Jpeg.encode(img, 0.9f)));
    }
    Instant end = Instant.now().minusSeconds(60);
    return ClipSample.newBuilder()
        .setClipId(id)
        .setProvenance(
            ClipProvenance.newBuilder()
                .setCameraId("desk-1")
                .setSessionId("call-1")
                .setTrackId("desk-1/t1")
                .setWindowStart(end.minusMillis(1500))
                .setWindowEnd(end)
                .setConsent(new StreamConsent(ConsentScope.ANALYTICS_AND_TRAINING, "test"))
                .setSamplingReason("ambiguity>=0.80")
                .build())
        .setCropSize(112)
        .setFrames(frames)
        .setModelScores(Distributions.of(new float[] {0.3f, 0.3f, 0.2f, 0.2f, 0, 0, 0}))
        .setModelVersion("v1")
        .build();
  }
}
