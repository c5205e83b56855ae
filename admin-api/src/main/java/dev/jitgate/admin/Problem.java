package dev.jitgate.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An RFC 9457 problem document ({@code application/problem+json}).
 *
 * @param type {@code https://jitgate.dev/problems/<code>}
 * @param title a short summary of the problem type
 * @param status the HTTP status
 * @param detail what went wrong in this case, safe to show to the caller
 * @param field the offending input field, when one is at fault; null otherwise (and left out)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Problem(
    @JsonProperty("type") String type,
    @JsonProperty("title") String title,
    @JsonProperty("status") int status,
    @JsonProperty("detail") String detail,
    @JsonProperty("field") String field) {

  /** The media type of problem documents. */
  static final String MEDIA_TYPE = "application/problem+json";
  private static final String TYPE_BASE = "https://jitgate.dev/problems/";

  /** A problem of type {@code code}; {@code field} may be null or empty for "no field". */
  static Problem of(int status, String code, String title, String detail, String field) {
    return new Problem(TYPE_BASE + code, title, status, detail,
        field == null || field.isEmpty() ? null : field);
  }
}
