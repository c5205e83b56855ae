package dev.jitgate.auditor.http;

/**
 * An RFC 9457 problem body. Titles and details never contain request payloads or tokens.
 *
 * @param type a URI reference naming the kind of problem
 * @param title a short summary, the same for every occurrence of the kind
 * @param status the HTTP status
 * @param detail what went wrong with this request
 */
record Problem(String type, String title, int status, String detail) {

  static final String MEDIA_TYPE = "application/problem+json";

  static Problem of(int status, String kind, String title, String detail) {
    return new Problem("urn:jitgate:problem:" + kind, title, status, detail);
  }
}
