package io.emostream.model.bundle;

import io.emostream.model.ConfinedFiles;
import io.emostream.model.Digests;
import io.emostream.model.tfjs.TfjsWeights;
import io.emostream.model.tfjs.TfjsWeightsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A versioned model on disk (a directory with {@code manifest.json} and the files it lists) or
 * built into the jar. Opening reads the manifest and every listed file into memory (regular files
 * only, no links, within a size limit) and checks each file's sha256; loaders use those bytes, so a
 * corrupt, tampered or swapped-after-the-check file never reaches a model.
 *
 * <pre>{@code
 * ModelBundle bundle = ModelBundle.open(Path.of("models/v7"));
 * try (ClipModel model = ClipModels.load(bundle, Device.cpu())) { ... }
 * }</pre>
 */
public final class ModelBundle {
  /** The built-in default: per-frame FaceExpressionNet with temporal averaging of probabilities. */
  public static final String BUILT_IN =
      "/io/emostream/model/bundles/face-api-expression-frame-average/";

  private final String location;
  private final Path directory;
  private final BundleManifest manifest;
  private final byte[] manifestJson;
  private final Map<String, byte[]> files;

  private ModelBundle(
      String location,
      Path directory,
      BundleManifest manifest,
      byte[] manifestJson,
      Map<String, byte[]> files) {
    this.location = location;
    this.directory = directory;
    this.manifest = manifest;
    this.manifestJson = manifestJson;
    this.files = files;
  }

  /** Largest bundle {@link #open(Path)} reads, all files together. */
  public static final long DEFAULT_MAX_BYTES = 1L << 30;

  public static ModelBundle open(Path directory) throws BundleException {
    return open(directory, DEFAULT_MAX_BYTES);
  }

  /**
   * @param maxBytes largest bundle accepted, all files together
   */
  public static ModelBundle open(Path directory, long maxBytes) throws BundleException {
    if (!Files.isDirectory(directory)) {
      throw new BundleException(directory + " is not a model bundle directory");
    }
    long[] total = {0};
    return read(
        directory.toString(),
        directory,
        name -> {
          Path p = directory.resolve(name);
          if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return null;
          }
          if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("not a regular file (links are not followed)");
          }
          total[0] += Files.size(p);
          if (total[0] > maxBytes) {
            throw new IOException("the bundle is larger than the limit of " + maxBytes + " bytes");
          }
          return ConfinedFiles.readBounded(p, maxBytes, name);
        });
  }

  /**
   * Writes a new bundle: the files, then a manifest listing them with their sha256 (any {@code
   * files} in {@code manifest} are replaced). Returns it opened, so it is verified as readers will
   * see it.
   */
  public static ModelBundle create(
      Path directory, BundleManifest manifest, Map<String, byte[]> files)
      throws IOException, BundleException {
    Files.createDirectories(directory);
    List<BundleManifest.BundleFile> listed = new ArrayList<>();
    for (Map.Entry<String, byte[]> f : new TreeMap<>(files).entrySet()) {
      Files.write(directory.resolve(f.getKey()), f.getValue());
      listed.add(new BundleManifest.BundleFile(f.getKey(), Digests.sha256(f.getValue())));
    }
    BundleManifest complete =
        new BundleManifest(
            manifest.format(),
            manifest.architecture(),
            manifest.version(),
            manifest.input(),
            manifest.output(),
            manifest.classes(),
            listed,
            manifest.metrics(),
            manifest.parentVersion(),
            manifest.created(),
            manifest.options());
    Files.write(directory.resolve(BundleManifest.FILE_NAME), complete.toJson());
    return open(directory);
  }

  public static ModelBundle builtIn() {
    try {
      return read(
          "classpath:" + BUILT_IN,
          null,
          name -> {
            try (InputStream in = ModelBundle.class.getResourceAsStream(BUILT_IN + name)) {
              return in == null ? null : in.readAllBytes();
            }
          });
    } catch (BundleException e) {
      throw new IllegalStateException("the built-in model bundle is broken: " + e.getMessage(), e);
    }
  }

  private interface Reader {
    byte[] read(String name) throws IOException;
  }

  private static ModelBundle read(String location, Path directory, Reader reader)
      throws BundleException {
    String where = location + "/" + BundleManifest.FILE_NAME;
    byte[] json = readFile(reader, BundleManifest.FILE_NAME, where);
    BundleManifest manifest = BundleManifest.parse(json, where);
    Map<String, byte[]> files = new HashMap<>();
    for (BundleManifest.BundleFile f : manifest.files()) {
      byte[] bytes = readFile(reader, f.path(), location + "/" + f.path());
      String actual = Digests.sha256(bytes);
      if (!actual.equals(f.sha256())) {
        throw new BundleException(
            location
                + "/"
                + f.path()
                + " has sha256 "
                + actual
                + " but the manifest says "
                + f.sha256()
                + ": the bundle is corrupt or was modified");
      }
      files.put(f.path(), bytes);
    }
    return new ModelBundle(location, directory, manifest, json, Map.copyOf(files));
  }

  private static byte[] readFile(Reader reader, String name, String where) throws BundleException {
    try {
      byte[] bytes = reader.read(name);
      if (bytes == null) {
        throw new BundleException(where + " is missing");
      }
      return bytes;
    } catch (IOException e) {
      throw new BundleException("cannot read " + where + ": " + e.getMessage(), e);
    }
  }

  public BundleManifest manifest() {
    return manifest;
  }

  /**
   * sha256 of manifest.json: it covers every file through their digests, so it names the bundle.
   */
  public String manifestSha256() {
    return Digests.sha256(manifestJson);
  }

  /** The exact bytes of manifest.json, as read (what a release signature covers). */
  public byte[] manifestJson() {
    return manifestJson.clone();
  }

  public String location() {
    return location;
  }

  /**
   * The bundle's directory, for loaders that need a path (TorchScript); empty for the built-in
   * bundle.
   */
  public Optional<Path> directory() {
    return Optional.ofNullable(directory);
  }

  /** A verified file of the bundle. */
  public byte[] file(String path) throws BundleException {
    byte[] bytes = files.get(path);
    if (bytes == null) {
      throw new BundleException(location + ": " + path + " is not listed in the manifest");
    }
    return bytes;
  }

  /**
   * A TF.js weight set among the bundle's files: its manifest and the shards it names, all
   * verified.
   */
  public TfjsWeights tfjsWeights(String manifest) throws BundleException {
    try {
      return TfjsWeights.read(
          manifest,
          file(manifest),
          path -> {
            try {
              return file(path);
            } catch (BundleException e) {
              throw new IOException(e.getMessage(), e);
            }
          });
    } catch (TfjsWeightsException e) {
      throw new BundleException(location + ": " + e.getMessage(), e);
    }
  }

  /** Writes this bundle as a directory (e.g. to publish the built-in model as a release). */
  public void writeTo(Path target) throws IOException {
    Files.createDirectories(target);
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      Path p = target.resolve(f.getKey());
      Files.createDirectories(p.getParent());
      Files.write(p, f.getValue());
    }
    Files.write(target.resolve(BundleManifest.FILE_NAME), manifestJson);
  }
}
