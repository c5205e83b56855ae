package dev.jitgate.access.rules;

import java.util.Objects;
import java.util.function.Function;

/**
 * The outcome of a pure rule: the accepted new value, or a {@link Rejection}.
 *
 * @param <T> the type of the accepted value
 */
public sealed interface RuleResult<T> {

  /**
   * The rule accepted; {@code value} is the resulting state.
   *
   * @param value the result
   * @param <T> its type
   */
  record Accepted<T>(T value) implements RuleResult<T> {
    public Accepted {
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * The rule refused.
   *
   * @param rejection why
   * @param <T> the type an acceptance would have had
   */
  record Rejected<T>(Rejection rejection) implements RuleResult<T> {
    public Rejected {
      Objects.requireNonNull(rejection, "rejection");
    }
  }

  /** An acceptance of {@code value}. */
  static <T> RuleResult<T> accept(T value) {
    return new Accepted<>(value);
  }

  /** A refusal for {@code rejection}. */
  static <T> RuleResult<T> reject(Rejection rejection) {
    return new Rejected<>(rejection);
  }

  /** True when accepted. */
  default boolean isAccepted() {
    return this instanceof Accepted<T>;
  }

  /** The accepted value transformed by {@code f}; a refusal stays a refusal. */
  default <U> RuleResult<U> map(Function<? super T, ? extends U> f) {
    return switch (this) {
      case Accepted<T> a -> new Accepted<>(f.apply(a.value()));
      case Rejected<T> r -> new Rejected<>(r.rejection());
    };
  }

  /** The next rule applied to the accepted value; a refusal stays a refusal. */
  default <U> RuleResult<U> flatMap(Function<? super T, RuleResult<U>> f) {
    return switch (this) {
      case Accepted<T> a -> f.apply(a.value());
      case Rejected<T> r -> new Rejected<>(r.rejection());
    };
  }

  /** The accepted value, or the exception {@code toException} makes of the refusal. */
  default <X extends RuntimeException> T orElseThrow(Function<Rejection, X> toException) {
    return switch (this) {
      case Accepted<T> a -> a.value();
      case Rejected<T> r -> throw toException.apply(r.rejection());
    };
  }
}
