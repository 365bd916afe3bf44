package io.emostream.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layout as rules over the built classes of every module (this module sees them all):
 * dependencies point one way, {@code schemas ← model-training ← ingest / flink-jobs ← cli}; nothing
 * below the jobs uses Flink; no package cycles.
 */
class ArchitectureTest {
  private static JavaClasses classes;
  private static final String SCHEMAS = "io.emostream.schemas..";
  private static final String MODEL = "io.emostream.model..";
  private static final String INGEST = "io.emostream.ingest..";
  private static final String JOBS = "io.emostream.jobs..";
  private static final String EMBEDDED_KAFKA = "io.emostream.kafka.embedded..";
  private static final String[] CLI = {
    "io.emostream.cli..", "io.emostream.demo..", "io.emostream.bench.."
  };
  private static final String FLINK = "org.apache.flink..";

  private static final ArchRule schemasDependOnNoOtherModule =
      noClasses()
          .that()
          .resideInAPackage(SCHEMAS)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(concat(new String[] {MODEL, INGEST, JOBS, EMBEDDED_KAFKA}, CLI))
          .because("schemas/ is the contract every other module builds on");

  private static final ArchRule modelTrainingDependsOnSchemasOnly =
      noClasses()
          .that()
          .resideInAPackage(MODEL)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(concat(new String[] {INGEST, JOBS, EMBEDDED_KAFKA}, CLI))
          .because("model-training/ sits below the edge publisher and the jobs");

  private static final ArchRule ingestAndJobsDoNotKnowEachOther =
      noClasses()
          .that()
          .resideInAPackage(INGEST)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(concat(new String[] {JOBS, EMBEDDED_KAFKA}, CLI))
          .because("the edge publisher ships without the jobs, the demo or the CLI");

  private static final ArchRule jobsDoNotKnowIngestOrTheCli =
      noClasses()
          .that()
          .resideInAPackage(JOBS)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(concat(new String[] {INGEST, EMBEDDED_KAFKA}, CLI))
          .because("flink-jobs/ holds the jobs and their operators only");

  private static final ArchRule embeddedKafkaIsOnlyABroker =
      noClasses()
          .that()
          .resideInAPackage(EMBEDDED_KAFKA)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(concat(new String[] {MODEL, INGEST, JOBS}, CLI));

  private static final ArchRule noFlinkBelowTheJobs =
      noClasses()
          .that()
          .resideInAnyPackage(SCHEMAS, MODEL, INGEST, EMBEDDED_KAFKA)
          .should()
          .dependOnClassesThat()
          .resideInAPackage(FLINK)
          .because(
              "schemas, model-training and ingest run where no Flink is (edge devices, training scripts)");

  private static final ArchRule noDjlInSchemas =
      noClasses()
          .that()
          .resideInAPackage(SCHEMAS)
          .should()
          .dependOnClassesThat()
          .resideInAPackage("ai.djl..");

  private static final ArchRule noPackageCycles =
      slices().matching("io.emostream.(**)").should().beFreeOfCycles();

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.emostream");
  }

  @Test
  void schemasDependOnNoOtherModule() {
    schemasDependOnNoOtherModule.check(classes);
  }

  @Test
  void modelTrainingDependsOnSchemasOnly() {
    modelTrainingDependsOnSchemasOnly.check(classes);
  }

  @Test
  void ingestAndJobsDoNotKnowEachOther() {
    ingestAndJobsDoNotKnowEachOther.check(classes);
  }

  @Test
  void jobsDoNotKnowIngestOrTheCli() {
    jobsDoNotKnowIngestOrTheCli.check(classes);
  }

  @Test
  void embeddedKafkaIsOnlyABroker() {
    embeddedKafkaIsOnlyABroker.check(classes);
  }

  @Test
  void noFlinkBelowTheJobs() {
    noFlinkBelowTheJobs.check(classes);
  }

  @Test
  void noDjlInSchemas() {
    noDjlInSchemas.check(classes);
  }

  @Test
  void noPackageCycles() {
    noPackageCycles.check(classes);
  }

  @Test
  void theRulesSeeEveryModule() {
    for (String module :
        new String[] {
          "io.emostream.schemas",
          "io.emostream.model",
          "io.emostream.ingest",
          "io.emostream.jobs",
          "io.emostream.kafka.embedded",
          "io.emostream.cli",
          "io.emostream.demo",
          "io.emostream.bench"
        }) {
      assertThat(classes.stream().anyMatch(c -> c.getPackageName().startsWith(module)))
          .as("classes of %s were imported", module)
          .isTrue();
    }
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
