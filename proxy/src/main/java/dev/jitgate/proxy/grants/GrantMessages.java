package dev.jitgate.proxy.grants;

import dev.jitgate.access.model.DurationText;
import dev.jitgate.access.model.Grant;
import dev.jitgate.access.model.Permission;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/**
 * The texts users read in login rejections and session ends. Anything a user (or an admin) chose is
 * quoted: principal names may hold quotes and any printable Unicode, a startup parameter anything at all.
 * Commands are written so that they can be pasted into a POSIX shell.
 */
final class GrantMessages {
  private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_.,:@%+=/-]+");

  private GrantMessages() {}

  /**
   * {@code text} in double quotes: backslash and double quote escaped with a backslash, control and
   * invisible formatting characters (e.g. bidi overrides) as {@code \\uXXXX}, cut after
   * {@value LoginTarget#MAX_QUOTED} characters.
   */
  static String quote(String text) {
    StringBuilder sb = new StringBuilder(text.length() + 2).append('"');
    int shown = 0;
    for (int i = 0; i < text.length(); ) {
      if (shown == LoginTarget.MAX_QUOTED) {
        sb.append('…');
        break;
      }
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      shown++;
      if (cp == '"' || cp == '\\') {
        sb.append('\\').appendCodePoint(cp);
      } else if (Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT
          || Character.getType(cp) == Character.SURROGATE || Character.getType(cp) == Character.LINE_SEPARATOR
          || Character.getType(cp) == Character.PARAGRAPH_SEPARATOR) {
        sb.append(String.format("\\u%04X", cp));
      } else {
        sb.appendCodePoint(cp);
      }
    }
    return sb.append('"').toString();
  }

  /** {@code word} as one POSIX shell word: as is when plain, else in single quotes. */
  static String shellWord(String word) {
    if (SHELL_SAFE.matcher(word).matches()) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }

  /** A target path in prose: as is when plain, else quoted (database names may hold spaces, quotes…). */
  static String target(String path) {
    return SHELL_SAFE.matcher(path).matches() ? path : quote(path);
  }

  /** {@code access grant <id> for <integration>/<database>}. */
  static String grantLabel(Grant grant) {
    return "access grant " + grant.id() + " for " + target(LoginTarget.of(grant).path());
  }

  /** The sentence for a grant that ended, without a fix. */
  static String ended(GrantEnded e) {
    Grant g = e.grant();
    String at = time(e.endedAt());
    return switch (e.cause()) {
      case EXPIRED -> grantLabel(g) + " ended at " + at;
      case REVOKED -> grantLabel(g) + " was revoked at " + at
          + (g.endedBy().isEmpty() ? "" : " by " + quote(g.endedBy()));
      case SUPERSEDED -> grantLabel(g) + " was superseded"
          + (g.supersededBy().isEmpty() ? "" : " by access grant " + g.supersededBy()) + " at " + at;
      case REMOVED -> grantLabel(g) + " was removed at " + at;
    };
  }

  /** {@code jitgate request <target> --permission <p> --for <d> --reason "…"}. */
  static String requestCommand(String targetPath, Permission permission, Duration duration) {
    return "jitgate request " + targetPath + " --permission " + permission + " --for "
        + DurationText.format(duration) + " --reason \"…\"";
  }

  /** {@code jitgate credentials <grant>}. */
  static String credentialsCommand(String grantId) {
    return "jitgate credentials " + shellWord(grantId);
  }

  /** An instant to the second, e.g. {@code 2026-11-29T13:00:00Z}. */
  static String time(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
