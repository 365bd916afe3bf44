package io.emostream.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.emostream.web.Exchanges;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The live dashboard: one page, its charting library (uPlot, from its WebJar on the classpath), and
 * {@code /events}, a server-sent-event stream of the {@link DashboardFeed}. Optional bearer token;
 * binds where it is told (127.0.0.1 by default).
 */
public final class DashboardServer implements AutoCloseable {
  private static final String UPLOT = "/META-INF/resources/webjars/uplot/";
  private static final int MAX_CLIENTS = 32;

  private final HttpServer http;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final DashboardFeed feed;
  private final String token;
  private final byte[] page;
  private final byte[] uplotJs;
  private final byte[] uplotCss;
  private volatile boolean open = true;

  public DashboardServer(InetSocketAddress address, DashboardFeed feed, String token)
      throws IOException {
    this.feed = feed;
    this.token = Exchanges.tokenOrNull(token);
    this.page = resource("/io/emostream/dashboard/index.html");
    this.uplotJs = uplot("dist/uPlot.iife.min.js");
    this.uplotCss = uplot("dist/uPlot.min.css");
    this.http = HttpServer.create(address, 0);
    http.setExecutor(threads);
    http.createContext("/", this::handle);
  }

  public DashboardServer start() {
    http.start();
    return this;
  }

  public String url() {
    InetSocketAddress a = http.getAddress();
    return "http://" + a.getHostString() + ":" + a.getPort() + "/";
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      Map<String, String> query = Exchanges.query(ex.getRequestURI().getRawQuery());
      switch (path) {
        case "/" -> Exchanges.send(ex, 200, "text/html; charset=utf-8", page);
        case "/static/uPlot.iife.min.js" -> Exchanges.send(ex, 200, "text/javascript", uplotJs);
        case "/static/uPlot.min.css" -> Exchanges.send(ex, 200, "text/css", uplotCss);
        case "/events" -> {
          if (!Exchanges.authorised(ex, query, token)) {
            Exchanges.send(ex, 401, "text/plain", "a valid token is required".getBytes());
          } else if (feed.clients() >= MAX_CLIENTS) {
            Exchanges.send(ex, 503, "text/plain", "too many open dashboards".getBytes());
          } else {
            stream(ex);
          }
        }
        default -> Exchanges.send(ex, 404, "text/plain", ("no such page: " + path).getBytes());
      }
    }
  }

  /** Holds the connection open and writes each event as it comes; a comment every 15 s. */
  private void stream(HttpExchange ex) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.sendResponseHeaders(200, 0);
    BlockingQueue<DashboardFeed.Event> queue = feed.subscribe();
    try (OutputStream out = ex.getResponseBody()) {
      while (open) {
        DashboardFeed.Event e = queue.poll(15, TimeUnit.SECONDS);
        out.write((e == null ? ": keep-alive\n\n" : e.wire()).getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (IOException gone) {
      // the page was closed
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      feed.unsubscribe(queue);
    }
  }

  private static byte[] uplot(String file) throws IOException {
    // The WebJar's files sit under its version; its Maven metadata says which is on the classpath.
    Properties maven = new Properties();
    maven.load(
        new java.io.ByteArrayInputStream(
            resource("/META-INF/maven/org.webjars.npm/uplot/pom.properties")));
    return resource(UPLOT + maven.getProperty("version") + "/" + file);
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = DashboardServer.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("missing from the classpath: " + name);
      }
      return in.readAllBytes();
    }
  }

  @Override
  public void close() {
    open = false;
    http.stop(0);
    threads.shutdownNow();
  }
}
