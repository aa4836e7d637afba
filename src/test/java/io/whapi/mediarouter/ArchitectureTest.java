package io.whapi.mediarouter;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The package structure: one package per pipeline stage (intake, queue, routing, fetch, sinks,
 * events, deadletter, ...), and no package that needs another which needs it back. A cycle is
 * where a decision starts to be made in two places; this fails on the first one.
 */
@AnalyzeClasses(packages = "io.whapi", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noPackageCycles =
            slices().matching("io.whapi.(**)").should().beFreeOfCycles();

    /** Settings are read where they are used; config reads no feature (checks register themselves). */
    @ArchTest
    static final ArchRule configKnowsNoFeature = noClasses()
            .that()
            .resideInAPackage("io.whapi.mediarouter.config")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.whapi.mediarouter.intake..",
                    "io.whapi.mediarouter.queue..",
                    "io.whapi.mediarouter.routing..",
                    "io.whapi.mediarouter.fetch..",
                    "io.whapi.mediarouter.sinks..",
                    "io.whapi.mediarouter.events..",
                    "io.whapi.mediarouter.deadletter..",
                    "io.whapi.mediarouter.state..",
                    "io.whapi.mediarouter.reconcile..",
                    "io.whapi.mediarouter.operations..",
                    "io.whapi.mediarouter.gateway..");
}
