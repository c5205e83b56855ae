package dev.jitgate.app.cli;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/** Why an admin API call did not succeed: the API said no, or it could not be reached. */
public abstract sealed class ApiFailure extends RuntimeException permits ApiFailure.Problem, ApiFailure.Unreachable {

  private static final long serialVersionUID = 1L;

  ApiFailure(String message) {
    super(message);
  }

  /** One field error of a problem's {@code errors} list. */
  public record FieldError(String field, String detail) {}

  /**
   * An RFC 9457 problem answer (or any other non-2xx answer, described as one).
   */
  public static final class Problem extends ApiFailure {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String title;
    private final String detail;
    private final String field;
    private final transient List<FieldError> errors;

    public Problem(int status, String title, String detail, String field, List<FieldError> errors) {
      super(status + " " + title + (detail.isEmpty() ? "" : ": " + detail));
      this.status = status;
      this.title = Objects.requireNonNull(title, "title");
      this.detail = Objects.requireNonNull(detail, "detail");
      this.field = Objects.requireNonNull(field, "field");
      this.errors = List.copyOf(errors);
    }

    public int status() {
      return status;
    }

    public String title() {
      return title;
    }

    public String detail() {
      return detail;
    }

    /** The offending input field, or empty. */
    public String field() {
      return field;
    }

    public List<FieldError> errors() {
      return errors;
    }
  }

  /** No HTTP answer: connection refused, unknown host, timeout. */
  public static final class Unreachable extends ApiFailure {
    private static final long serialVersionUID = 1L;
    private final URI api;

    public Unreachable(URI api, String reason) {
      super(reason);
      this.api = api;
    }

    public URI api() {
      return api;
    }
  }
}
