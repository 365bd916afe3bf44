package io.emostream.web;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;

/** What the small web apps (annotation, dashboard) do with a JDK {@link HttpExchange}. */
public final class Exchanges {
  private Exchanges() {}

  /** The query parameters, decoded. */
  public static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          out.put(
              URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
              URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    return out;
  }

  /**
   * True when no token is configured, or the request carries it as {@code Authorization: Bearer} or
   * {@code ?token=} (compared in constant time).
   */
  public static boolean authorised(HttpExchange ex, Map<String, String> query, String token) {
    if (token == null) {
      return true;
    }
    String header = ex.getRequestHeaders().getFirst("Authorization");
    String given =
        header != null && header.startsWith("Bearer ")
            ? header.substring("Bearer ".length())
            : query.get("token");
    return given != null
        && MessageDigest.isEqual(
            given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
  }

  /** A complete response; {@code body} null sends none. */
  public static void send(HttpExchange ex, int status, String type, byte[] body)
      throws IOException {
    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    if (body == null) {
      ex.sendResponseHeaders(status, -1);
      return;
    }
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, body.length);
    ex.getResponseBody().write(body);
  }

  /** A blank token means none. */
  public static String tokenOrNull(String token) {
    return token == null || token.isBlank() ? null : token;
  }
}
