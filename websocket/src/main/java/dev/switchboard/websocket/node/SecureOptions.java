package dev.switchboard.websocket.node;

import dev.switchboard.websocket.ServerTls;
import java.nio.file.Path;

/**
 * Node's {@code secure} with its {@code serverOptions} {@code ca}, {@code cert} and {@code key}:
 * serve {@code wss://} from PEM files. Immutable and thread-safe.
 *
 * @param ca PEM file of the CAs that issue client certificates, or null for no client
 *     certificates; with it (mutual TLS) a client must present a certificate issued by one of
 *     them, or its TLS handshake fails
 * @param cert PEM file with the server's certificate chain
 * @param key PEM file with its unencrypted PKCS#8 private key ({@code BEGIN PRIVATE KEY})
 */
public record SecureOptions(Path ca, Path cert, Path key) {

  /** Checks that the files are readable. */
  public SecureOptions {
    toServerTls(ca, cert, key);
  }

  public static SecureOptions of(Path cert, Path key) {
    return new SecureOptions(null, cert, key);
  }

  public SecureOptions withCa(Path ca) {
    return new SecureOptions(ca, cert, key);
  }

  /** The same as the library's {@link ServerTls}. */
  public ServerTls toServerTls() {
    return toServerTls(ca, cert, key);
  }

  private static ServerTls toServerTls(Path ca, Path cert, Path key) {
    ServerTls tls = ServerTls.of(cert, key);
    return ca == null ? tls : tls.withClientCa(ca, true);
  }
}
