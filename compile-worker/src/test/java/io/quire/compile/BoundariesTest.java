package io.quire.compile;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

/**
 * The boundaries of compile-worker, checked on its main classes: its feature packages form no
 * cycle, it never reaches into web or another worker, and the module's wiring (configurations,
 * components, beans and the settings they bind) lives in {@code io.quire.compile.config}, on which
 * no feature package depends.
 */
class BoundariesTest {
  private static final String ROOT = "io.quire.compile";
  private static final String CONFIG = ROOT + ".config..";

  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
          .importPackages(ROOT);

  @Test
  void featurePackagesFormNoCycle() {
    slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(MAIN);
  }

  @Test
  void theWorkerNeverDependsOnWebOrAnotherWorker() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.quire.web..", "io.quire.history..", "io.quire.git..")
        .check(MAIN);
  }

  @Test
  void componentsBeansAndSettingsLiveInTheConfigPackage() {
    classes()
        .that()
        .areMetaAnnotatedWith(Component.class)
        .and()
        .areNotAnnotatedWith(SpringBootApplication.class)
        .or()
        .areAnnotatedWith(ConfigurationProperties.class)
        .should()
        .resideInAPackage(CONFIG)
        .check(MAIN);
    methods()
        .that()
        .areAnnotatedWith(Bean.class)
        .should()
        .beDeclaredInClassesThat()
        .resideInAPackage(CONFIG)
        .check(MAIN);
  }

  @Test
  void noFeaturePackageDependsOnTheWiring() {
    noClasses()
        .that()
        .resideOutsideOfPackage(CONFIG)
        .should()
        .dependOnClassesThat()
        .resideInAPackage(CONFIG)
        .check(MAIN);
  }
}
