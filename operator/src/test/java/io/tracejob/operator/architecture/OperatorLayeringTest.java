package io.tracejob.operator.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.fabric8.kubernetes.client.CustomResource;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.api.v1alpha1.TraceJobStatus;
import io.tracejob.api.v1alpha1.TraceSchedule;
import io.tracejob.api.v1alpha1.TraceScheduleStatus;
import io.tracejob.operator.schedule.ScheduleStatusRecorder;
import io.tracejob.operator.status.StatusRecorder;

/**
 * The operator's layering, as ARCHITECTURE.md draws it: the reconciler dispatches, the packages
 * below it decide without a client where they can, and one class writes a TraceJob's status.
 */
@AnalyzeClasses(
        packages = "io.tracejob.operator",
        importOptions = ImportOption.DoNotIncludeTests.class)
class OperatorLayeringTest {
    /**
     * A setter of TraceJobStatus, or setStatus on a TraceJob; lambdas count as their enclosing
     * class.
     */
    private static final com.tngtech.archunit.base.DescribedPredicate<JavaMethodCall>
            WRITES_STATUS =
                    describe(
                            "a TraceJob status setter",
                            call -> {
                                String owner = call.getTargetOwner().getName();
                                String name = call.getName();
                                return owner.equals(TraceJobStatus.class.getName())
                                                && name.startsWith("set")
                                        || (owner.equals(TraceJob.class.getName())
                                                        || owner.equals(
                                                                CustomResource.class.getName()))
                                                && name.equals("setStatus");
                            });

    /**
     * StatusRecorder's own Javadoc promise: every status write goes through it (and so through one
     * lock check).
     */
    @ArchTest
    static final ArchRule onlyStatusRecorderWritesStatus =
            noClasses()
                    .that()
                    .doNotBelongToAnyOf(StatusRecorder.class)
                    .should()
                    .callMethodWhere(WRITES_STATUS);

    /** ... and it does write (a rule that matches nothing would pass when the scan is broken). */
    @ArchTest
    static final ArchRule statusRecorderWritesStatus =
            classes()
                    .that()
                    .belongToAnyOf(StatusRecorder.class)
                    .should(
                            com.tngtech.archunit.lang.conditions.ArchConditions.callMethodWhere(
                                    WRITES_STATUS));

    /**
     * pods are built, not sent: the pod factory holds no client, so it is tested as a pure function
     */
    @ArchTest
    static final ArchRule agentPodsAreBuiltWithoutAClient =
            noClasses()
                    .that()
                    .resideInAPackage("..operator.agentpod..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(
                            "io.fabric8.kubernetes.client", "io.fabric8.kubernetes.client.dsl..");

    /** nothing below the reconciler reaches back into it */
    @ArchTest
    static final ArchRule nothingDependsOnTheReconciler =
            noClasses()
                    .that()
                    .resideOutsideOfPackages("..operator.reconciler..", "io.tracejob.operator")
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage("..operator.reconciler..");

    @ArchTest
    static final ArchRule noPackageCycles =
            slices().matching("io.tracejob.operator.(*)..").should().beFreeOfCycles();

    /** A setter of TraceScheduleStatus, or setStatus on a TraceSchedule. */
    private static final com.tngtech.archunit.base.DescribedPredicate<JavaMethodCall>
            WRITES_SCHEDULE_STATUS =
                    describe(
                            "a TraceSchedule status setter",
                            call ->
                                    call.getTargetOwner()
                                                            .getName()
                                                            .equals(
                                                                    TraceScheduleStatus.class
                                                                            .getName())
                                                    && call.getName().startsWith("set")
                                            || call.getTargetOwner()
                                                            .getName()
                                                            .equals(TraceSchedule.class.getName())
                                                    && call.getName().equals("setStatus"));

    /** The schedule controller's counterpart of StatusRecorder. */
    @ArchTest
    static final ArchRule onlyScheduleStatusRecorderWritesScheduleStatus =
            noClasses()
                    .that()
                    .doNotBelongToAnyOf(ScheduleStatusRecorder.class)
                    .should()
                    .callMethodWhere(WRITES_SCHEDULE_STATUS);

    @ArchTest
    static final ArchRule scheduleStatusRecorderWritesScheduleStatus =
            classes()
                    .that()
                    .belongToAnyOf(ScheduleStatusRecorder.class)
                    .should(
                            com.tngtech.archunit.lang.conditions.ArchConditions.callMethodWhere(
                                    WRITES_SCHEDULE_STATUS));
}
