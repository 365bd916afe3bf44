package io.emostream.schemas.event;

import java.util.regex.Pattern;

/**
 * The contract for identifiers that travel in events and end up in keys, logs, metric labels and
 * file names (camera ids, session ids): 1 to {@value #MAX_LENGTH} characters of {@code A-Z a-z 0-9
 * . _ : -}, starting with a letter or digit. Anything else is rejected at the door, so no later
 * stage has to escape it.
 */
public final class Identifiers {
  public static final int MAX_LENGTH = 128;
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
  private static final int SHOWN = 48;

  private Identifiers() {}

  public static boolean isValid(String id) {
    return id != null && id.length() <= MAX_LENGTH && VALID.matcher(id).matches();
  }

  /**
   * Why {@code id} breaks the contract, naming it safely; null if it is valid.
   *
   * @param what e.g. "camera id"
   */
  public static String problem(String what, String id) {
    if (isValid(id)) {
      return null;
    }
    if (id == null || id.isEmpty()) {
      return what + " is empty";
    }
    return what
        + " "
        + printable(id)
        + " is not 1-"
        + MAX_LENGTH
        + " characters of A-Z a-z 0-9 . _ : - starting with a letter or digit";
  }

  /**
   * A string that is safe to put in a log line or on a terminal: at most {@value #SHOWN}
   * characters, control and non-ASCII characters as {@code \\uXXXX}, quoted, with the length when
   * cut.
   */
  public static String printable(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder("\"");
    int shown = Math.min(s.length(), SHOWN);
    for (int i = 0; i < shown; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
        out.append(c);
      } else {
        out.append(String.format("\\u%04x", (int) c));
      }
    }
    out.append('"');
    if (s.length() > shown) {
      out.append("… (").append(s.length()).append(" characters)");
    }
    return out.toString();
  }
}
