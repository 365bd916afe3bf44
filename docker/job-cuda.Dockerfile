# syntax=docker/dockerfile:1.7
# The EmoStream job image for GPU TaskManagers: the job image (docker/job.Dockerfile, build it
# first) on NVIDIA's CUDA 12 + cuDNN 9 runtime with TensorRT 10, and ONNX Runtime's GPU build in
# place of the CPU one, so scoring.model.onnx.provider can be cuda or tensorrt. Build from the
# repository root after `mvn package`, on a machine with Docker and internet (the GPU build of ONNX
# Runtime comes from Maven Central at image build time; nothing is downloaded when it runs):
#   docker build -f docker/job.Dockerfile -t emostream/flink-job:0.1.0 .
#   docker build -f docker/job-cuda.Dockerfile -t emostream/flink-job-cuda:0.1.0 .
# Not built here (no Docker engine, no GPU): DeploymentFilesITCase checks its stages, versions and
# paths against the build. Run it with the NVIDIA container toolkit (--gpus all, or nvidia.com/gpu
# resources on Kubernetes: infra/k8s/scoring-job-gpu.yaml).
ARG ORT_VERSION=1.21.1

FROM maven:3.9-eclipse-temurin-17 AS ort-gpu
ARG ORT_VERSION
RUN mvn -q dependency:copy -Dartifact=com.microsoft.onnxruntime:onnxruntime_gpu:${ORT_VERSION} \
      -DoutputDirectory=/jars

FROM emostream/flink-job:0.1.0 AS job

FROM nvidia/cuda:12.6.3-cudnn-runtime-ubuntu22.04
ARG ORT_VERSION
# Java 17 for Flink, TensorRT 10 (runtime, plugins, ONNX parser) from NVIDIA's CUDA repository,
# gosu for the Flink entrypoint's privilege drop.
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jre-headless gosu \
      libnvinfer10 libnvinfer-plugin10 libnvonnxparsers10 \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 9999 flink \
 && useradd --system --uid 9999 --gid flink --home-dir /opt/flink flink
COPY --from=job /opt/flink /opt/flink
COPY --from=job /opt/emostream /opt/emostream
COPY --from=job /docker-entrypoint.sh /docker-entrypoint.sh
RUN rm /opt/flink/lib/onnxruntime-${ORT_VERSION}.jar
COPY --from=ort-gpu /jars/onnxruntime_gpu-${ORT_VERSION}.jar /opt/flink/lib/
# TensorRT builds an engine per model and GPU type at first use (minutes): keep the cache on a
# volume (scoring.model.onnx.tensorrt.engine-cache).
ENV FLINK_HOME=/opt/flink \
    PATH=/opt/flink/bin:$PATH \
    DJL_CACHE_DIR=/opt/flink/.djl.ai \
    EMOSTREAM_KAFKA_TOPICS_FILE=/opt/emostream/topics.yaml \
    EMOSTREAM_SCORING_MODEL_ONNX_PROVIDER=cuda
RUN mkdir -p /var/cache/emostream/tensorrt \
 && chown -R flink:flink /opt/flink /var/cache/emostream
WORKDIR /opt/flink
ENTRYPOINT ["/docker-entrypoint.sh"]
CMD ["help"]
