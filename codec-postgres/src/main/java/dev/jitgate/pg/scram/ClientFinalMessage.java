package dev.jitgate.pg.scram;

import java.util.Arrays;
import java.util.List;

/**
 * A client-final-message: {@code c=<base64 cbind-input>,r=<nonce>[,extensions],p=<base64 proof>}.
 *
 * @param channelBinding the decoded {@code c=} value (GS2 header plus channel-binding data)
 * @param nonce the combined nonce
 * @param proof the ClientProof, 32 bytes
 * @param withoutProof client-final-message-without-proof, verbatim, as it enters the AuthMessage
 */
record ClientFinalMessage(byte[] channelBinding, String nonce, byte[] proof, String withoutProof) {

  ClientFinalMessage {
    channelBinding = channelBinding.clone();
    proof = proof.clone();
  }

  /** The part a client builds before it can compute the proof. */
  static String withoutProof(byte[] channelBindingInput, String nonce) {
    return "c=" + ScramText.base64(channelBindingInput) + ",r=" + nonce;
  }

  /** Parses and validates a client-final-message as the server. */
  static ClientFinalMessage parse(byte[] message) throws ScramException {
    String text = ScramText.decodeMessage(message, ScramText.MAX_CLIENT_MESSAGE_BYTES, "SCRAM client-final-message");
    List<String> fields = Attribute.fields(text);
    if (fields.size() < 3) {
      throw ScramException.protocol("malformed SCRAM client-final-message");
    }
    byte[] channelBinding =
        ScramText.requireBase64(Attribute.expect(fields.get(0), 'c'), -1, "SCRAM channel binding");
    String nonce = Attribute.expect(fields.get(1), 'r');
    if (!ScramText.isValidNonce(nonce)) {
      throw ScramException.protocol("invalid SCRAM nonce");
    }
    for (int i = 2; i < fields.size() - 1; i++) {
      Attribute extension = Attribute.parse(fields.get(i));
      if (extension.name() == 'p') {
        throw ScramException.protocol("SCRAM proof must be the last attribute");
      }
    }
    String last = fields.get(fields.size() - 1);
    byte[] proof = ScramText.requireBase64(Attribute.expect(last, 'p'), ScramCrypto.KEY_LENGTH, "SCRAM client proof");
    String withoutProof = text.substring(0, text.length() - last.length() - 1);
    return new ClientFinalMessage(channelBinding, nonce, proof, withoutProof);
  }

  @Override
  public byte[] channelBinding() {
    return channelBinding.clone();
  }

  @Override
  public byte[] proof() {
    return proof.clone();
  }

  /** The whole message as sent. */
  String encode() {
    return withoutProof + ",p=" + ScramText.base64(proof);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClientFinalMessage m
        && Arrays.equals(m.channelBinding, channelBinding)
        && m.nonce.equals(nonce)
        && Arrays.equals(m.proof, proof)
        && m.withoutProof.equals(withoutProof);
  }

  @Override
  public int hashCode() {
    return ((Arrays.hashCode(channelBinding) * 31 + nonce.hashCode()) * 31 + Arrays.hashCode(proof)) * 31
        + withoutProof.hashCode();
  }

  @Override
  public String toString() {
    return "ClientFinalMessage[channelBinding=<" + channelBinding.length + " bytes>, nonce=<" + nonce.length()
        + " chars>, proof=<redacted>]";
  }
}
