package io.emostream.s3.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * An S3-compatible object store on this machine: S3Proxy, as its own process, keeping buckets as
 * directories under a data directory and checking AWS signatures (v2 and v4) against one access
 * key. A real HTTP S3 endpoint for tests of what goes through {@code s3://}: clients configure its
 * {@link #endpoint()}, path-style access and {@link #ACCESS_KEY}/{@link #SECRET_KEY}.
 */
public final class LocalS3 implements AutoCloseable {
  public static final String ACCESS_KEY = "emostream-local";
  public static final String SECRET_KEY = "emostream-local-secret";
  public static final String REGION = "us-east-1";

  private final Path data;
  private final int port;
  private final Process process;

  private LocalS3(Path data, int port, Process process) {
    this.data = data;
    this.port = port;
    this.process = process;
  }

  /**
   * Starts a store keeping its objects under {@code dir}/data; returns when it accepts requests.
   */
  public static LocalS3 start(Path dir) throws IOException, InterruptedException {
    Path data = Files.createDirectories(dir.resolve("data"));
    int port = freePort();
    Properties conf = new Properties();
    conf.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + port);
    conf.setProperty("s3proxy.authorization", "aws-v2-or-v4");
    conf.setProperty("s3proxy.identity", ACCESS_KEY);
    conf.setProperty("s3proxy.credential", SECRET_KEY);
    conf.setProperty("jclouds.provider", "filesystem-nio2");
    conf.setProperty("jclouds.identity", ACCESS_KEY);
    conf.setProperty("jclouds.credential", SECRET_KEY);
    conf.setProperty("jclouds.filesystem.basedir", data.toString());
    Path confFile = dir.resolve("s3proxy.conf");
    try (var out = Files.newOutputStream(confFile)) {
      conf.store(out, "LocalS3");
    }
    Process process =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m",
                    "-jar",
                    s3ProxyJar().toString(),
                    "--properties",
                    confFile.toString()))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("s3proxy.log").toFile())
            .start();
    LocalS3 store = new LocalS3(data, port, process);
    try {
      store.awaitListening(Duration.ofSeconds(60));
      return store;
    } catch (IOException | RuntimeException | InterruptedException e) {
      store.close();
      throw e;
    }
  }

  /** The HTTP endpoint, e.g. {@code http://127.0.0.1:40123}. */
  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** Creates an empty bucket (a directory of the store's data). */
  public void createBucket(String name) throws IOException {
    Files.createDirectories(data.resolve(name));
  }

  /** The file behind an object, for tests that tamper with what is stored. */
  public Path objectFile(String bucket, String key) {
    return data.resolve(bucket).resolve(key);
  }

  /**
   * Flink's settings for its s3 file systems ({@code flink-s3-fs-hadoop} or {@code -presto}) to use
   * this store.
   */
  public Map<String, String> flinkSettings() {
    return Map.of(
        "s3.endpoint",
        endpoint(),
        "s3.endpoint.region",
        REGION,
        "s3.path.style.access",
        "true",
        "s3.access-key",
        ACCESS_KEY,
        "s3.secret-key",
        SECRET_KEY,
        // s3a deletes the parent "directory" markers after each write, which this store refuses
        // (its directories are real ones, not empty); keeping markers is also AWS's advice
        "s3.directory.marker.retention",
        "keep",
        // fail in seconds, not after s3a's minutes of retries
        "s3.retry.limit",
        "2",
        "s3.attempts.maximum",
        "2");
  }

  /** The AWS SDK's environment variables for this store's credentials and region. */
  public Map<String, String> awsEnvironment() {
    return Map.of(
        "AWS_ACCESS_KEY_ID", ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY", SECRET_KEY,
        "AWS_REGION", REGION);
  }

  private void awaitListening(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new IOException("S3Proxy exited with " + process.exitValue() + "; see its log");
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException notYet) {
        if (System.nanoTime() > deadline) {
          throw new IOException("S3Proxy did not listen on " + port + " within " + timeout);
        }
        Thread.sleep(200);
      }
    }
  }

  private static Path s3ProxyJar() throws IOException {
    Properties p = new Properties();
    try (InputStream in = LocalS3.class.getResourceAsStream("/emostream-s3proxy.properties")) {
      if (in == null) {
        throw new IOException("emostream-s3proxy.properties missing from the class path");
      }
      p.load(in);
    }
    Path jar = Path.of(p.getProperty("jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IOException(jar + " not found: build the embedded-s3 module (mvn package)");
    }
    return jar;
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
