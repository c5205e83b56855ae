package dev.jitgate.audit.event;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The canonical JSON form used for hashing: UTF-8, no insignificant whitespace, object members sorted
 * by the Unicode code points of their names, integers in plain decimal, strings with only the escapes
 * JSON requires ({@code \"}, {@code \\}, {@code \b \f \n \r \t}, other characters below U+0020 as
 * {@code \}{@code u00XX} with upper-case hex), everything else literal. Non-integer numbers have no
 * canonical form and are rejected.
 */
final class CanonicalJson {
  /**
   * The longest string value a reader accepts, in characters (Jackson's default, made explicit so that every
   * reader of events applies the same limit). A proxy's spool records are at most 4 MiB, far below it.
   */
  static final int MAX_STRING_CHARS = 20_000_000;

  /** Strict parser: duplicate names and trailing tokens are errors. Configured once, never changed. */
  static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(MAX_STRING_CHARS).build())
          .build())
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
      .disable(JsonParser.Feature.ALLOW_COMMENTS)
      .build();

  private static final HexFormat HEX = HexFormat.of();
  private static final char[] UPPER_HEX = "0123456789ABCDEF".toCharArray();

  private CanonicalJson() {}

  /** Parses JSON text; Jackson's exception on bad input. */
  static JsonNode parse(String json) throws JacksonException {
    return MAPPER.readTree(json);
  }

  /** The canonical text of a tree. */
  static String write(JsonNode node) {
    return write(node, "$");
  }

  /** The canonical text of a tree found at {@code field} (named in errors). */
  static String write(JsonNode node, String field) {
    StringBuilder out = new StringBuilder(1024);
    write(node, out, "$".equals(field) ? Path.ROOT : new Path(Path.ROOT, field, -1));
    return out.toString();
  }

  /**
   * Where a value sits in the tree, for error messages only: built as a chain of links while writing and
   * turned into text ({@code $.parameters[0].value}) only when an error names it.
   */
  private record Path(Path parent, String key, int index) {
    static final Path ROOT = new Path(null, null, -1);

    @Override
    public String toString() {
      if (parent == null) {
        return "$";
      }
      return key != null ? parent + "." + key : parent + "[" + index + "]";
    }
  }

  /** The canonical text of {@code json}, or an {@link EventFieldException} for {@code field}. */
  static String canonicalize(String field, String json) {
    Checks.present(field, json);
    JsonNode node;
    try {
      node = parse(json);
      if (node != null && !node.isMissingNode()) {
        return write(node, field);
      }
    } catch (JacksonException e) {
      throw new EventFieldException(field, "is not valid JSON");
    }
    throw new EventFieldException(field, "is not valid JSON");
  }

  /** Lower-case hex SHA-256 of the UTF-8 bytes of {@code canonical}. */
  static String sha256(String canonical) {
    return sha256(canonical, newSha256());
  }

  /** Like {@link #sha256(String)} with a digest the caller owns (reset before use; not thread-safe). */
  static String sha256(String canonical, MessageDigest digest) {
    digest.reset();
    return HEX.formatHex(digest.digest(canonical.getBytes(StandardCharsets.UTF_8)));
  }

  /** A new SHA-256 digest. */
  static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static void write(JsonNode node, StringBuilder out, Path path) {
    switch (node.getNodeType()) {
      case OBJECT -> {
        List<Map.Entry<String, JsonNode>> members = new ArrayList<>(node.properties());
        members.sort((a, b) -> compareCodePoints(a.getKey(), b.getKey()));
        out.append('{');
        for (int i = 0; i < members.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          Map.Entry<String, JsonNode> member = members.get(i);
          string(member.getKey(), out, path);
          out.append(':');
          write(member.getValue(), out, new Path(path, member.getKey(), -1));
        }
        out.append('}');
      }
      case ARRAY -> {
        out.append('[');
        for (int i = 0; i < node.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          write(node.get(i), out, new Path(path, null, i));
        }
        out.append(']');
      }
      case STRING -> string(node.textValue(), out, path);
      case NUMBER -> {
        if (!node.isIntegralNumber()) {
          throw new EventFieldException(fieldOf(path), "must be an integer; v1 has no fractional numbers");
        }
        if (node.canConvertToLong()) {
          out.append(node.longValue());
        } else {
          out.append(node.bigIntegerValue());
        }
      }
      case BOOLEAN -> out.append(node.booleanValue());
      case NULL -> out.append("null");
      case BINARY, POJO, MISSING ->
          throw new EventFieldException(fieldOf(path), "has no JSON representation");
    }
  }

  private static String fieldOf(Path path) {
    String text = path.toString();
    return text.startsWith("$.") ? text.substring(2) : text;
  }

  /** Appends {@code s} as a JSON string; an unpaired surrogate is an error naming {@code field}. */
  static void string(String s, StringBuilder out, String field) {
    string(s, out, new Path(Path.ROOT, field, -1));
  }

  private static void string(String s, StringBuilder out, Path path) {
    out.append('"');
    int run = 0; // start of the pending run of characters that need no escaping
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\' && !Character.isSurrogate(c)) {
        continue;
      }
      out.append(s, run, i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          out.append(c).append(s.charAt(++i));
          run = i + 1;
          continue;
        }
        throw new EventFieldException(fieldOf(path), "contains an unpaired surrogate (not valid Unicode)");
      }
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> out.append("\\u00").append(UPPER_HEX[c >> 4]).append(UPPER_HEX[c & 0xF]);
      }
      run = i + 1;
    }
    out.append(s, run, s.length());
    out.append('"');
  }

  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
