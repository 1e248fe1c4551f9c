package dev.flashline;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.base.DescribedPredicate;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Product code does not depend on the simulator: the line gets virtual devices only through
 * pipeline.DeviceSimulator, which the command line's wiring implements with the sim classes.
 */
class SimBoundaryTest {
    /** The command line's wiring: the only product classes allowed to build virtual devices. */
    private static final Set<String> WIRING = Set.of(
            "dev.flashline.cli.VirtualStation",   // run --simulate K, benchmark --line K
            "dev.flashline.cli.SimulateCommand",  // simulate --listen
            "dev.flashline.cli.BenchmarkCommand", // benchmark (engine figures against a line-rate virtual device)
            "dev.flashline.cli.Esp32Benchmark",   // benchmark --chip esp32|esp32c3
            "dev.flashline.cli.FaultCampaign",    // benchmark --faults (injected link faults against virtual devices)
            "dev.flashline.cli.EsptoolComparison", // benchmark --esptool (flashline and esptool on twin virtual devices)
            "dev.flashline.cli.SoakStation");     // benchmark --soak (virtual Sonoffs coming and going on a jig)

    private static final JavaClasses PRODUCT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("dev.flashline");

    @Test
    void onlyTheCommandLineWiringImportsTheSimulator() {
        DescribedPredicate<JavaClass> wiring = DescribedPredicate.describe("the command line's simulator wiring",
                c -> WIRING.contains(c.getName()) || WIRING.contains(c.getName().replaceFirst("\\$.*", "")));
        noClasses().that().resideOutsideOfPackage("dev.flashline.sim..").and(DescribedPredicate.not(wiring))
                .should().dependOnClassesThat().resideInAPackage("dev.flashline.sim..")
                .because("product code reaches virtual devices only through pipeline.DeviceSimulator")
                .check(PRODUCT);
    }

    @Test
    void theSimulatorDoesNotReachIntoTheLine() {
        noClasses().that().resideInAPackage("dev.flashline.sim..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.flashline.pipeline..", "dev.flashline.camel..",
                        "dev.flashline.cli..", "dev.flashline.flasher..", "dev.flashline.loader..")
                .because("the virtual device follows the chips' documented behaviour, not the engine's")
                .check(PRODUCT);
    }
}
