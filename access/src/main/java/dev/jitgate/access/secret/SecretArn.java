package dev.jitgate.access.secret;

import java.util.regex.Pattern;

/**
 * A parsed Secrets Manager ARN, {@code arn:<partition>:secretsmanager:<region>:<account>:secret:<name>}.
 * Holds only where the secret lives, never the secret.
 *
 * @param value the ARN as written
 * @param partition e.g. {@code aws}, {@code aws-cn}, {@code aws-us-gov}
 * @param region e.g. {@code eu-west-1}; the Secrets Manager endpoint that is called
 * @param account the 12-digit account id
 * @param name the secret name (with AWS's 6-character suffix when the ARN is complete; RDS-managed secrets
 *     are named {@code rds!db-<uuid>})
 */
public record SecretArn(String value, String partition, String region, String account, String name) {
  private static final Pattern PARTITION = Pattern.compile("aws(-[a-z]+)*");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]{1,2}");
  private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9/_+=.@!-]{1,512}");

  /**
   * Parses {@code arn}.
   *
   * @throws SecretResolutionException naming the part of the ARN that is wrong
   */
  public static SecretArn parse(String arn) {
    String[] parts = arn.split(":", 7);
    if (parts.length != 7 || !parts[0].equals("arn")) {
      throw invalid(arn, "must look like arn:aws:secretsmanager:<region>:<account>:secret:<name>");
    }
    if (!PARTITION.matcher(parts[1]).matches()) {
      throw invalid(arn, "partition '" + parts[1] + "' is not an AWS partition (aws, aws-cn, aws-us-gov, ...)");
    }
    if (!parts[2].equals("secretsmanager")) {
      throw invalid(arn, "service is '" + parts[2] + "', expected 'secretsmanager'");
    }
    if (!REGION.matcher(parts[3]).matches()) {
      throw invalid(arn, "region '" + parts[3] + "' is not an AWS region such as eu-west-1");
    }
    if (!ACCOUNT.matcher(parts[4]).matches()) {
      throw invalid(arn, "account '" + parts[4] + "' is not a 12-digit AWS account id");
    }
    if (!parts[5].equals("secret")) {
      throw invalid(arn, "resource type is '" + parts[5] + "', expected 'secret'");
    }
    if (!NAME.matcher(parts[6]).matches()) {
      throw invalid(arn, "secret name must be 1-512 characters of A-Z a-z 0-9 / _ + = . @ ! -");
    }
    return new SecretArn(arn, parts[1], parts[3], parts[4], parts[6]);
  }

  private static SecretResolutionException invalid(String arn, String problem) {
    return new SecretResolutionException("secret aws-secretsmanager:" + arn + ": invalid ARN: " + problem);
  }

  @Override
  public String toString() {
    return value;
  }
}
