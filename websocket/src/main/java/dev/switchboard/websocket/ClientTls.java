package dev.switchboard.websocket;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How a client trusts {@code wss://} servers. Immutable and thread-safe. The host name is
 * always verified against the certificate, except with {@link #insecureTrustAllCertificates()}.
 *
 * @param caFile PEM file of trusted CAs, or null for the JDK's system trust store
 * @param trustAll trust any certificate and skip host name checks: for tests only
 * @param clientCertificate PEM certificate chain to present, or null
 * @param clientKey PEM PKCS#8 key for {@code clientCertificate}, or null
 */
public record ClientTls(Path caFile, boolean trustAll, Path clientCertificate, Path clientKey) {

  public ClientTls {
    if (caFile != null && !Files.isReadable(caFile)) {
      throw new IllegalArgumentException("caFile must be a readable PEM file, was " + caFile);
    }
    if ((clientCertificate == null) != (clientKey == null)) {
      throw new IllegalArgumentException("clientCertificate and clientKey go together");
    }
  }

  /** The JDK's default trust store (the default). */
  public static ClientTls systemTrust() {
    return new ClientTls(null, false, null, null);
  }

  /** Trusts exactly the CAs in a PEM file. */
  public static ClientTls trusting(Path caFile) {
    return new ClientTls(caFile, false, null, null);
  }

  /**
   * Trusts every certificate and skips host name verification. Anyone on the path can read and
   * change the traffic: use it only in tests against a server you run yourself.
   */
  public static ClientTls insecureTrustAllCertificates() {
    return new ClientTls(null, true, null, null);
  }

  /** Presents a client certificate. */
  public ClientTls withClientCertificate(Path certificateChain, Path key) {
    return new ClientTls(caFile, trustAll, certificateChain, key);
  }
}
