package dev.jitgate.proxy.provision;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The name of the database role jitgate creates for one grant: {@code jit_<principal>_<grant>}, only
 * {@code [a-z0-9_]}, at most 63 bytes. The grant part identifies the grant on its own: the 32 hex digits of a
 * UUID grant id, otherwise 26 base32 characters (130 bits) of the SHA-256 of the id. The principal part is
 * cosmetic (it helps a DBA reading {@code pg_stat_activity}): accents stripped, lower-cased ASCII letters and
 * digits kept, every other run of characters turned into one {@code _}, cut to {@value #MAX_PRINCIPAL_PART}
 * characters.
 *
 * @param value the role name
 */
public record RoleName(String value) {

  /** Prefix of every generated name. */
  public static final String PREFIX = "jit_";
  /** Longest principal part. */
  public static final int MAX_PRINCIPAL_PART = 24;

  private static final Pattern VALID = Pattern.compile("jit_[a-z0-9_]{1,59}");
  private static final Pattern UUID_TEXT =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
  private static final int HASH_CHARS = 26;

  /** Validates a name, e.g. one read back from the server; throws {@link IllegalArgumentException}. */
  public RoleName {
    if (value == null || !VALID.matcher(value).matches()) {
      throw new IllegalArgumentException("role name must match jit_[a-z0-9_]{1,59}");
    }
  }

  /** The name for grant {@code grantId} of {@code principal}; both must be non-empty. */
  public static RoleName forGrant(String grantId, String principal) {
    if (grantId == null || grantId.isEmpty()) {
      throw new IllegalArgumentException("grantId must not be empty");
    }
    if (principal == null) {
      throw new IllegalArgumentException("principal must not be null");
    }
    String principalPart = principalPart(principal);
    String grantPart = grantPart(grantId);
    return new RoleName(PREFIX + (principalPart.isEmpty() ? "" : principalPart + "_") + grantPart);
  }

  /** True when {@code name} has the shape of a generated name. */
  public static boolean isGenerated(String name) {
    return name != null && VALID.matcher(name).matches();
  }

  /** The name as a quoted SQL identifier. */
  public String quoted() {
    return Sql.identifier("role", value);
  }

  @Override
  public String toString() {
    return value;
  }

  static String principalPart(String principal) {
    String decomposed = Normalizer.normalize(principal, Normalizer.Form.NFKD);
    StringBuilder out = new StringBuilder(MAX_PRINCIPAL_PART);
    boolean pendingSeparator = false;
    for (int i = 0; i < decomposed.length() && out.length() < MAX_PRINCIPAL_PART; i++) {
      char c = decomposed.charAt(i);
      if (Character.getType(c) == Character.NON_SPACING_MARK) {
        continue; // the accent of a decomposed letter
      }
      char lower = Character.toLowerCase(c);
      if ((lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9')) {
        if (pendingSeparator && !out.isEmpty() && out.length() < MAX_PRINCIPAL_PART - 1) {
          out.append('_');
        }
        pendingSeparator = false;
        out.append(lower);
      } else {
        pendingSeparator = true;
      }
    }
    return out.toString().toLowerCase(Locale.ROOT);
  }

  static String grantPart(String grantId) {
    if (UUID_TEXT.matcher(grantId).matches()) {
      UUID uuid = UUID.fromString(grantId);
      return String.format("%016x%016x", uuid.getMostSignificantBits(), uuid.getLeastSignificantBits());
    }
    byte[] hash = sha256(grantId.getBytes(StandardCharsets.UTF_8));
    StringBuilder out = new StringBuilder(HASH_CHARS);
    int buffer = 0;
    int bits = 0;
    for (int i = 0; out.length() < HASH_CHARS; ) {
      if (bits < 5) {
        buffer = (buffer << 8) | (hash[i++] & 0xFF);
        bits += 8;
      }
      out.append(BASE32[(buffer >> (bits - 5)) & 31]);
      bits -= 5;
    }
    return out.toString();
  }

  private static byte[] sha256(byte[] input) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(input);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
