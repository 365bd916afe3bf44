package io.emostream.model.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BundleManifestTest {
  private static final String BUILT_IN =
      new String(ModelBundle.builtIn().manifest().toJson(), StandardCharsets.UTF_8);

  @Test
  void readsTheVocabularyAsEnumsAndWritesItBackUnchanged() throws Exception {
    BundleManifest m = BundleManifest.parse(BUILT_IN.getBytes(StandardCharsets.UTF_8), "built-in");
    assertThat(m.input().padding()).isEqualTo(Padding.CENTRED_ZEROS);
    assertThat(m.input().resize()).isEqualTo(Resize.TF_LEGACY_BILINEAR);
    assertThat(m.output()).isEqualTo(OutputKind.LOGITS);
    assertThat(new String(m.toJson(), StandardCharsets.UTF_8))
        .isEqualTo(BUILT_IN); // a bundle's identity is this text's sha256
  }

  @Test
  void rejectsAWordOutsideTheVocabularyNamingTheKey() {
    byte[] mirror =
        BUILT_IN.replace("\"centred-zeros\"", "\"mirror\"").getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> BundleManifest.parse(mirror, "m.json"))
        .isInstanceOf(BundleException.class)
        .hasMessageContaining("m.json")
        .hasMessageContaining("input.padding must be 'centred-zeros' or 'none', got 'mirror'");
    byte[] scores = BUILT_IN.replace("\"logits\"", "\"scores\"").getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> BundleManifest.parse(scores, "m.json"))
        .hasMessageContaining("output must be 'logits' or 'probabilities', got 'scores'");
  }
}
