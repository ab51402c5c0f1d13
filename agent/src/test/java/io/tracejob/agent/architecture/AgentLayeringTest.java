package io.tracejob.agent.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The agent's layering, as ARCHITECTURE.md draws it: kernel objects at the bottom ({@code sys},
 * {@code bpf}, {@code perf}), one trace in the middle, commands on top. A class that reaches
 * upwards fails the build.
 */
@AnalyzeClasses(
        packages = "io.tracejob.agent",
        importOptions = ImportOption.DoNotIncludeTests.class)
class AgentLayeringTest {
    private static final String[] ABOVE_THE_KERNEL_OBJECTS = {
        "..agent.trace..", "..agent.cli..", "..agent.engine..", "..agent.capabilities..",
                "..agent.programs..",
        "..agent.probe..", "..agent.calibrate..", "..agent.cost..", "..agent.safety..",
                "..agent.container..",
        "..agent.bpftrace..", "..agent.termination..", "..agent.launch.."
    };

    /** syscalls, BPF objects and perf events know nothing of traces, engines or commands */
    @ArchTest
    static final ArchRule kernelObjectsDoNotReachUp =
            noClasses()
                    .that()
                    .resideInAnyPackage("..agent.sys..", "..agent.bpf..", "..agent.perf..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(ABOVE_THE_KERNEL_OBJECTS);

    /**
     * the commands are the top: nothing depends on them, so every trace path can run without
     * picocli
     */
    @ArchTest
    static final ArchRule nothingDependsOnTheCommands =
            noClasses()
                    .that()
                    .resideOutsideOfPackage("..agent.cli..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage("..agent.cli..");

    /**
     * the engine for a family is chosen in one place: only the engine package builds or names an
     * engine
     */
    @ArchTest
    static final ArchRule enginesAreChosenInOnePlace =
            classes()
                    .that()
                    .haveSimpleNameEndingWith("Engine")
                    .and()
                    .resideInAPackage("..agent.engine..")
                    .and()
                    .doNotHaveSimpleName("Engine")
                    .should()
                    .onlyBeAccessed()
                    .byAnyPackage("..agent.engine..");

    /**
     * the kernel's structures are written through their typed layouts by the syscall layer and BPF
     * objects only
     */
    @ArchTest
    static final ArchRule uapiLayoutsStayLow =
            classes()
                    .that()
                    .resideInAPackage("..agent.sys.uapi..")
                    .should()
                    .onlyBeAccessed()
                    .byAnyPackage(
                            "..agent.sys..",
                            "..agent.bpf..",
                            "..agent.perf..",
                            "..agent.capabilities..");

    @ArchTest
    static final ArchRule noPackageCycles =
            slices().matching("io.tracejob.agent.(*)..").should().beFreeOfCycles();
}
