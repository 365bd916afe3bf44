package io.emostream.model.bundle;

import io.emostream.model.Digests;
import io.emostream.schemas.event.ModelRelease;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Ed25519 (built into the JDK) signatures over a bundle's {@code manifest.json}: the manifest names
 * every file by sha256, so one signature covers the whole bundle. Keys are PEM files (PKCS#8
 * private, X.509 public), readable by {@code openssl pkey}.
 */
public final class ReleaseSigning {
  private static final String ALGORITHM = "Ed25519";

  private ReleaseSigning() {}

  public static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM has no Ed25519", e);
    }
  }

  /** Writes {@code NAME.key} (owner-only where the file system allows) and {@code NAME.pub}. */
  public static void write(KeyPair pair, Path privateKey, Path publicKey) throws IOException {
    Files.createDirectories(privateKey.toAbsolutePath().getParent());
    Files.createDirectories(publicKey.toAbsolutePath().getParent());
    Files.writeString(privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
    try {
      Files.setPosixFilePermissions(privateKey, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: its own ACLs apply
    }
    Files.writeString(publicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
  }

  /**
   * The signing key at {@code privateKey}; on first use a new pair is made, its public half next to
   * it as {@code .pub} (what scoring jobs list in {@code scoring.model.release-keys}).
   */
  public static PrivateKey loadOrCreate(Path privateKey) throws IOException {
    synchronized (ReleaseSigning.class) {
      if (!Files.exists(privateKey)) {
        write(generate(), privateKey, publicKeyOf(privateKey));
      }
    }
    return readPrivateKey(privateKey);
  }

  /** {@code release.key} → {@code release.pub}. */
  public static Path publicKeyOf(Path privateKey) {
    String name = privateKey.getFileName().toString();
    String base = name.endsWith(".key") ? name.substring(0, name.length() - 4) : name;
    return privateKey.resolveSibling(base + ".pub");
  }

  public static PrivateKey readPrivateKey(Path file) throws IOException {
    try {
      return KeyFactory.getInstance(ALGORITHM)
          .generatePrivate(new PKCS8EncodedKeySpec(unpem(file, "PRIVATE KEY")));
    } catch (GeneralSecurityException e) {
      throw new IOException(file + " is not an Ed25519 private key (PKCS#8 PEM)", e);
    }
  }

  public static PublicKey readPublicKey(Path file) throws IOException {
    try {
      return KeyFactory.getInstance(ALGORITHM)
          .generatePublic(new X509EncodedKeySpec(unpem(file, "PUBLIC KEY")));
    } catch (GeneralSecurityException e) {
      throw new IOException(file + " is not an Ed25519 public key (X.509 PEM)", e);
    }
  }

  /** The first 16 hex digits of the sha256 of the key's X.509 encoding. */
  public static String keyId(PublicKey key) {
    return Digests.sha256(key.getEncoded()).substring(0, 16);
  }

  public static byte[] sign(PrivateKey key, byte[] manifestJson) {
    try {
      Signature s = Signature.getInstance(ALGORITHM);
      s.initSign(key);
      s.update(manifestJson);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot sign with this key: " + e.getMessage(), e);
    }
  }

  public static boolean verify(PublicKey key, byte[] manifestJson, byte[] signature) {
    try {
      Signature s = Signature.getInstance(ALGORITHM);
      s.initVerify(key);
      s.update(manifestJson);
      return s.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /**
   * The release with its signature over {@code manifestJson} by the key at {@code privateKey} (made
   * on first use, see {@link #loadOrCreate}); the key id comes from the {@code .pub} beside it.
   */
  public static ModelRelease signed(ModelRelease release, byte[] manifestJson, Path privateKey)
      throws IOException {
    PrivateKey key = loadOrCreate(privateKey);
    PublicKey publicKey = readPublicKey(publicKeyOf(privateKey));
    byte[] signature = sign(key, manifestJson);
    if (!verify(publicKey, manifestJson, signature)) {
      throw new IOException(publicKeyOf(privateKey) + " is not the public half of " + privateKey);
    }
    return ModelRelease.newBuilder(release)
        .setSignature(ByteBuffer.wrap(signature))
        .setSigningKeyId(keyId(publicKey))
        .build();
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static byte[] unpem(Path file, String type) throws IOException {
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    String begin = "-----BEGIN " + type + "-----";
    String end = "-----END " + type + "-----";
    int from = text.indexOf(begin);
    int to = text.indexOf(end);
    if (from < 0 || to < from) {
      throw new IOException(file + " holds no PEM '" + type + "'");
    }
    return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
  }
}
