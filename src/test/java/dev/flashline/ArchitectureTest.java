package dev.flashline;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layer order the README states, checked on the compiled main classes: transport → protocol →
 * loader → chip → image → flasher → camel → pipeline → cli, each depending only on layers before it;
 * errors, digest and units are usable from everywhere because they depend on no other package of
 * ours; the packages beside the layers never reach up into the Camel line or the CLI.
 */
@AnalyzeClasses(packages = "dev.flashline", importOptions = {ImportOption.DoNotIncludeTests.class, ImportOption.DoNotIncludeJars.class})
class ArchitectureTest {
    private static final String[] SHARED = {"dev.flashline.errors..", "dev.flashline.digest..", "dev.flashline.units..",
            "dev.flashline.input.."};

    @ArchTest
    static final ArchRule layersDependOnlyOnLayersBelow = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("transport").definedBy("dev.flashline.transport..")
            .layer("protocol").definedBy("dev.flashline.protocol..")
            .layer("loader").definedBy("dev.flashline.loader..")
            .layer("chip").definedBy("dev.flashline.chip..")
            .layer("image").definedBy("dev.flashline.image..")
            .layer("flasher").definedBy("dev.flashline.flasher..")
            .layer("camel").definedBy("dev.flashline.camel..")
            .layer("pipeline").definedBy("dev.flashline.pipeline..")
            .layer("cli").definedBy("dev.flashline.cli..")
            .whereLayer("transport").mayNotAccessAnyLayer()
            .whereLayer("protocol").mayOnlyAccessLayers("transport")
            .whereLayer("loader").mayOnlyAccessLayers("transport", "protocol")
            .whereLayer("chip").mayOnlyAccessLayers("transport", "protocol", "loader")
            .whereLayer("image").mayOnlyAccessLayers("transport", "protocol", "loader", "chip")
            .whereLayer("flasher").mayOnlyAccessLayers("transport", "protocol", "loader", "chip", "image")
            .whereLayer("camel").mayOnlyAccessLayers("transport", "protocol", "loader", "chip", "image", "flasher")
            .whereLayer("pipeline").mayOnlyAccessLayers("transport", "protocol", "loader", "chip", "image", "flasher", "camel")
            .whereLayer("cli").mayOnlyAccessLayers("transport", "protocol", "loader", "chip", "image", "flasher", "camel",
                    "pipeline");

    @ArchTest
    static final ArchRule sharedPackagesDependOnNothingElseOfOurs = noClasses()
            .that().resideInAnyPackage(SHARED)
            .should().dependOnClassesThat(resideInAPackage("dev.flashline..").and(resideOutsideOfPackages(SHARED)))
            .because("errors, digest, units and input (reading input files) are used by every layer, so they must not depend on any of them");

    @ArchTest
    static final ArchRule besideTheLayersNothingReachesIntoTheLineOrTheCli = noClasses()
            .that().resideInAnyPackage("dev.flashline.tasmota..", "dev.flashline.catalog..", "dev.flashline.audit..",
                    "dev.flashline.config..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.flashline.camel..", "dev.flashline.pipeline..",
                    "dev.flashline.cli..");
}
