package io.emostream.schemas.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdentifiersTest {

  @Test
  void acceptsTheDocumentedCharacterSet() {
    assertThat(Identifiers.isValid("cam-1")).isTrue();
    assertThat(Identifiers.isValid("site.A:desk_07")).isTrue();
    assertThat(Identifiers.isValid("x".repeat(128))).isTrue();
  }

  @Test
  void refusesControlCharactersSpacesSlashesAndLongIds() {
    assertThat(Identifiers.isValid("cam-1\n2026-11-30 WARN forged")).isFalse();
    assertThat(Identifiers.isValid("cam\u001b[31m")).isFalse();
    assertThat(Identifiers.isValid("cam\u0000")).isFalse();
    assertThat(Identifiers.isValid("../etc")).isFalse();
    assertThat(Identifiers.isValid("a/b")).isFalse();
    assertThat(Identifiers.isValid("two words")).isFalse();
    assertThat(Identifiers.isValid("")).isFalse();
    assertThat(Identifiers.isValid(null)).isFalse();
    assertThat(Identifiers.isValid("x".repeat(129))).isFalse();
    assertThat(Identifiers.isValid("-leading")).isFalse();
  }

  @Test
  void problemNamesTheIdWithoutItsControlCharactersAndCutsLongOnes() {
    String problem = Identifiers.problem("camera id", "cam\n\u001b[31mWARN" + "x".repeat(700_000));
    assertThat(problem)
        .startsWith("camera id \"cam\\u000a\\u001b[31mWARN")
        .contains("(700013 characters)")
        .doesNotContain("\n")
        .doesNotContain("\u001b");
    assertThat(problem.length()).isLessThan(300);
    assertThat(Identifiers.problem("camera id", "cam-1")).isNull();
  }
}
