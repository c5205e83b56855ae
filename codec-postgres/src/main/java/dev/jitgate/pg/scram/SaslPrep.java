package dev.jitgate.pg.scram;

import java.text.Normalizer;
import java.util.Objects;

/**
 * SASLprep (RFC 4013) the way PostgreSQL applies it to SCRAM passwords ({@code pg_saslprep} in
 * {@code src/common/saslprep.c}): pure-ASCII passwords pass unchanged; otherwise non-ASCII spaces map
 * to U+0020, "commonly mapped to nothing" characters are dropped and the result is NFKC-normalized. If
 * the password cannot be UTF-8 (unpaired surrogates), maps to nothing, or holds prohibited, unassigned
 * (Unicode 3.2) or badly mixed bidirectional characters, it is used unchanged, as PostgreSQL does for
 * compatibility with clients that send raw bytes.
 */
public final class SaslPrep {

  private SaslPrep() {}

  /** Returns the password to hash for SCRAM. Never fails. */
  public static String prepare(String password) {
    Objects.requireNonNull(password, "password");
    if (isAscii(password) || hasUnpairedSurrogate(password)) {
      return password;
    }
    int[] mapped = map(password);
    if (mapped.length == 0 || !passesChecks(mapped)) {
      return password;
    }
    return Normalizer.normalize(new String(mapped, 0, mapped.length), Normalizer.Form.NFKC);
  }

  /**
   * Step 1 of RFC 3454: C.1.2 spaces replaced by U+0020, B.1 characters removed. The space table is
   * consulted first, as in PostgreSQL, so U+200B (in both tables) becomes a space.
   */
  private static int[] map(String password) {
    return password
        .codePoints()
        .map(cp -> StringPrepTables.contains(StringPrepTables.NON_ASCII_SPACE, cp) ? ' ' : cp)
        .filter(cp -> !StringPrepTables.contains(StringPrepTables.MAPPED_TO_NOTHING, cp))
        .toArray();
  }

  /**
   * Prohibited output, unassigned code points and the bidi rules of RFC 3454 section 6. Like
   * PostgreSQL, this checks the mapped code points before normalization.
   */
  private static boolean passesChecks(int[] codePoints) {
    boolean randAl = false;
    boolean l = false;
    for (int cp : codePoints) {
      if (StringPrepTables.contains(StringPrepTables.PROHIBITED, cp)
          || StringPrepTables.contains(StringPrepTables.UNASSIGNED, cp)) {
        return false;
      }
      randAl |= StringPrepTables.contains(StringPrepTables.RAND_AL_CAT, cp);
      l |= StringPrepTables.contains(StringPrepTables.L_CAT, cp);
    }
    if (!randAl) {
      return true;
    }
    return !l
        && StringPrepTables.contains(StringPrepTables.RAND_AL_CAT, codePoints[0])
        && StringPrepTables.contains(StringPrepTables.RAND_AL_CAT, codePoints[codePoints.length - 1]);
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 0x7f) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasUnpairedSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return true;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return true;
      }
    }
    return false;
  }
}
