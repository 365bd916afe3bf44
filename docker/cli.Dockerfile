# The EmoStream CLI image: ingest (edge publisher), dashboard, annotate, topics, tail, release.
# Build from the repository root after `mvn package`:
#   docker build -f docker/cli.Dockerfile -t emostream/cli:0.1.0 .
FROM eclipse-temurin:17-jre

COPY cli/target/emostream.jar /opt/emostream/emostream.jar
COPY cli/target/lib/ /opt/emostream/lib/
COPY infra/kafka/topics.yaml /opt/emostream/topics.yaml

ENV DJL_CACHE_DIR=/opt/emostream/.djl.ai \
    EMOSTREAM_KAFKA_TOPICS_FILE=/opt/emostream/topics.yaml
RUN useradd --system --home /opt/emostream emostream && mkdir -p /opt/emostream/.djl.ai \
 && chown -R emostream /opt/emostream/.djl.ai
USER emostream
WORKDIR /opt/emostream
ENTRYPOINT ["java", "-Dai.djl.offline=true", "-cp", "/opt/emostream/emostream.jar:/opt/emostream/lib/*", "io.emostream.cli.EmoStreamCli"]
CMD ["--help"]
