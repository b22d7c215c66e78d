package dev.switchboard.websocket;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * TLS for a server, from PEM files. Immutable and thread-safe.
 *
 * @param certificateChain PEM file with the server certificate (then any intermediates)
 * @param privateKey PEM file with the unencrypted PKCS#8 private key ({@code BEGIN PRIVATE KEY})
 * @param clientCa PEM file of CAs whose client certificates are accepted, or null for no client
 *     certificates
 * @param requireClientCertificate with a {@code clientCa}: refuse clients without a certificate
 *     (true) or merely ask for one (false)
 */
public record ServerTls(Path certificateChain, Path privateKey, Path clientCa, boolean requireClientCertificate) {

  public ServerTls {
    requireReadable("certificateChain", certificateChain);
    requireReadable("privateKey", privateKey);
    if (clientCa != null) {
      requireReadable("clientCa", clientCa);
    }
  }

  public static ServerTls of(Path certificateChain, Path privateKey) {
    return new ServerTls(certificateChain, privateKey, null, false);
  }

  /** Also verifies client certificates against {@code ca}, refusing clients without one. */
  public ServerTls withClientCa(Path ca, boolean require) {
    return new ServerTls(certificateChain, privateKey, ca, require);
  }

  private static void requireReadable(String name, Path p) {
    if (p == null || !Files.isReadable(p)) {
      throw new IllegalArgumentException(name + " must be a readable PEM file, was " + p);
    }
  }
}
