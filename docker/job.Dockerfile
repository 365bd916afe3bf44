# The EmoStream job image: Flink 2.2 with DJL, ONNX Runtime (the default engine), the PyTorch CPU
# natives (DJL's hybrid engine) and FFmpeg on the cluster classpath (lib/: loaded once per JVM,
# parent-first), and the job jar in usrlib/ for application mode. Build from the repository root after `mvn package`:
#   docker build -f docker/job.Dockerfile -t emostream/flink-job:0.1.0 .
# DeploymentFilesITCase checks that every file copied here exists in the build, and that every jar
# the job jar leaves to the cluster classpath is copied.
FROM flink:2.2.1-java17

COPY cli/target/lib/api-0.36.0.jar \
     cli/target/lib/pytorch-engine-0.36.0.jar \
     cli/target/lib/pytorch-jni-2.7.1-0.36.0.jar \
     cli/target/lib/pytorch-native-cpu-2.7.1-linux-x86_64.jar \
     cli/target/lib/onnxruntime-engine-0.36.0.jar \
     cli/target/lib/onnxruntime-1.21.1.jar \
     cli/target/lib/tribuo-util-onnx-4.3.2.jar \
     cli/target/lib/protobuf-java-3.25.6.jar \
     cli/target/lib/jna-5.17.0.jar \
     cli/target/lib/javacpp-1.5.12.jar \
     cli/target/lib/javacpp-1.5.12-linux-x86_64.jar \
     cli/target/lib/javacv-1.5.12.jar \
     cli/target/lib/ffmpeg-7.1.1-1.5.12.jar \
     cli/target/lib/ffmpeg-7.1.1-1.5.12-linux-x86_64.jar \
     /opt/flink/lib/
COPY flink-jobs/target/emostream-flink-jobs-0.1.0-SNAPSHOT-job.jar /opt/flink/usrlib/emostream-jobs.jar
COPY infra/kafka/topics.yaml /opt/emostream/topics.yaml

# Natives are extracted from the jars at first start; nothing is downloaded (offline).
ENV DJL_CACHE_DIR=/opt/flink/.djl.ai \
    EMOSTREAM_KAFKA_TOPICS_FILE=/opt/emostream/topics.yaml
RUN mkdir -p /opt/flink/.djl.ai && chown -R flink:flink /opt/flink/.djl.ai /opt/flink/usrlib \
 && printf '%s\n' \
      'classloader.parent-first-patterns.additional: "ai.djl.;ai.onnxruntime.;org.bytedeco."' \
      'metrics.reporter.prom.factory.class: org.apache.flink.metrics.prometheus.PrometheusReporterFactory' \
      'metrics.reporter.prom.port: 9249' \
    >> /opt/flink/conf/config.yaml \
 && cp /opt/flink/opt/flink-metrics-prometheus-*.jar /opt/flink/lib/ 2>/dev/null || true
