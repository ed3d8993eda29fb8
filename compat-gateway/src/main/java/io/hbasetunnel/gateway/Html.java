package io.hbasetunnel.gateway;

/** Text for HTML: every character that could open markup or leave an attribute value is escaped. */
final class Html {
  private Html() {}

  static String escape(Object value) {
    String text = value == null ? "" : value.toString();
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> {
          // control characters (other than tab and newline) have no business on a status page
          if (c < 0x20 && c != '\t' && c != '\n') {
            out.append('?');
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
