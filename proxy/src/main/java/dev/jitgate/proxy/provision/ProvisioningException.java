package dev.jitgate.proxy.provision;

/**
 * The server is not set up the way provisioning needs (a role of a reserved name that can log in, a missing
 * named permission role, a connector without the rights it needs, a role that is not jitgate's). The message
 * names the role and the fix; it never contains a password.
 */
public final class ProvisioningException extends RuntimeException {

  public ProvisioningException(String message) {
    super(message);
  }
}
