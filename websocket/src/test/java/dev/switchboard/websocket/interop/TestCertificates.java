package dev.switchboard.websocket.interop;

import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Self-signed certificates made with BouncyCastle at test time, written as PEM: the certificate,
 * and its unencrypted PKCS#8 key, the form {@code ServerTls} and {@code ClientTls} read.
 *
 * @param certificate PEM certificate, which is also the file to trust
 * @param key PEM PKCS#8 private key ({@code BEGIN PRIVATE KEY})
 */
public record TestCertificates(Path certificate, Path key, X509Certificate x509, KeyPair keyPair) {

  private static final char[] PASSWORD = "changeit".toCharArray();

  /**
   * Makes a certificate for {@code commonName} with the given DNS and IP subject alternative
   * names, in {@code dir} as {@code NAME.crt} and {@code NAME.key}.
   */
  public static TestCertificates selfSigned(Path dir, String fileName, String commonName, String... sans) throws Exception {
    KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
    kpg.initialize(256);
    KeyPair pair = kpg.generateKeyPair();
    X500Name subject = new X500Name("CN=" + commonName);
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
        subject, new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofHours(1))),
        Date.from(now.plus(Duration.ofDays(1))), subject, pair.getPublic());
    GeneralName[] names = new GeneralName[sans.length];
    for (int i = 0; i < sans.length; i++) {
      boolean ip = Character.isDigit(sans[i].charAt(0));
      names[i] = ip ? new GeneralName(GeneralName.iPAddress, sans[i]) : new GeneralName(GeneralName.dNSName, sans[i]);
    }
    builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    X509Certificate cert = new JcaX509CertificateConverter()
        .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
    Path certFile = dir.resolve(fileName + ".crt");
    Path keyFile = dir.resolve(fileName + ".key");
    Files.writeString(certFile, pem("CERTIFICATE", cert.getEncoded()), StandardCharsets.US_ASCII);
    Files.writeString(keyFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
    return new TestCertificates(certFile, keyFile, cert, pair);
  }

  /** For localhost: DNS name {@code localhost}, IP {@code 127.0.0.1}. */
  public static TestCertificates localhost(Path dir) throws Exception {
    return selfSigned(dir, "localhost", "localhost", "localhost", InetAddress.getLoopbackAddress().getHostAddress());
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  /** A trust manager that trusts exactly this certificate. */
  X509TrustManager trustManager() throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setCertificateEntry("trusted", x509);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    return (X509TrustManager) tmf.getTrustManagers()[0];
  }

  /** An SSL context trusting exactly this certificate, for the JDK's and OkHttp's clients. */
  SSLContext trustingContext() throws Exception {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, new javax.net.ssl.TrustManager[] {trustManager()}, null);
    return ctx;
  }

  /** An SSL context trusting {@code server} and presenting this certificate as a client's. */
  SSLContext clientContext(TestCertificates server) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("client", keyPair.getPrivate(), PASSWORD, new java.security.cert.Certificate[] {x509});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, PASSWORD);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), new javax.net.ssl.TrustManager[] {server.trustManager()}, null);
    return ctx;
  }
}
