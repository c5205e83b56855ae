package dev.jitgate.app.cli;

/** How the API commands print results: aligned columns for people, or the API's JSON for scripts. */
public enum OutputFormat {
  /** Aligned columns with a header line. */
  TABLE,
  /** The API's JSON, pretty-printed (lists as the array of items). */
  JSON
}
