package io.tracejob.operator.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.tracejob.operator.prometheus.PrometheusClient;

/**
 * One way out to Prometheus: only the {@code prometheus} package's client makes HTTP requests, so
 * every URL a spec names passes its allowlist, its timeouts and its no-redirect policy.
 */
@AnalyzeClasses(
        packages = "io.tracejob.operator",
        importOptions = ImportOption.DoNotIncludeTests.class)
class PrometheusAccessRuleTest {
    @ArchTest
    static final ArchRule onlyThePrometheusClientSpeaksHttp =
            noClasses()
                    .that()
                    .doNotBelongToAnyOf(PrometheusClient.class)
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage("java.net.http..");

    /** ... and it does (a rule that matches nothing would pass when the scan is broken). */
    @ArchTest
    static final ArchRule thePrometheusClientSpeaksHttp =
            classes()
                    .that()
                    .belongToAnyOf(PrometheusClient.class)
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage("java.net.http..");
}
