package io.tracejob.operator.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracejob.operator.chart.RenderedChart;
import io.tracejob.operator.rbac.ApiRequest.Scope;
import io.tracejob.operator.rbac.ChartGrants.Grant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The chart's RBAC is exactly what the operator uses. Every API request that the operators of this
 * test suite made ({@link ApiRequestLog}, also written to {@code target/operator-api-requests.txt})
 * must be allowed by the Roles the chart binds to the operator's ServiceAccount, and every verb on
 * every resource those Roles grant must have been used, in a scope that needs the grant (a
 * cluster-wide grant used only in the agent namespace is too wide).
 *
 * <p>Runs after every other test class of the suite ({@code @Order(Integer.MAX_VALUE)} with the
 * class orderer of {@code junit-platform.properties}), in the same JVM, so it sees the whole
 * suite's requests and never a stale file of an earlier build. A request added to the operator
 * without a rule in the chart fails this test.
 */
@Order(Integer.MAX_VALUE)
class ChartRbacProofTest {
    private static final String AGENT_NS = "tracejob-agents";
    private static final String SERVICE_ACCOUNT = RenderedChart.RELEASE + "-tracejob-operator";

    /** A TraceJob namespace that is neither the operator's nor the agents'. */
    private static final String JOB_NS = "shop";

    /**
     * Allowed to every authenticated user by Kubernetes' built-in roles (system:basic-user: the
     * self-reviews JOSDK sends before leader election; system:discovery: discovery), so the chart
     * must not grant them.
     */
    private static final Set<String> GRANTED_TO_EVERY_USER =
            Set.of(
                    "create authorization.k8s.io selfsubjectrulesreviews CLUSTER",
                    "create authorization.k8s.io selfsubjectaccessreviews CLUSTER",
                    "get (non-resource) CLUSTER");

    private static SortedSet<ApiRequest> requests;

    @BeforeAll
    static void recorded() {
        requests = ApiRequestLog.suite();
        assertThat(requests)
                .as(
                        "no operator API request was recorded: this class checks the requests of the whole"
                                + " operator test suite and runs last; run it with the suite (mvn -pl operator -am verify)")
                .isNotEmpty();
        ApiRequestLog.write();
    }

    @Test
    void everyRequestTheOperatorMadeIsAllowedByTheChart() {
        RenderedChart chart = RenderedChart.render("");
        assertThat(denied(chart, List.of(JOB_NS)))
                .as(
                        "operator requests the chart's RBAC does not allow" + " (recorded in %s)",
                        ApiRequestLog.file())
                .isEmpty();
    }

    @Test
    void withWatchedNamespacesEveryRequestIsAllowedThereToo() {
        // With watched namespaces JOSDK lists and watches TraceJobs in each of them instead of in
        // all namespaces:
        // the requests recorded across all namespaces must then be allowed in each watched
        // namespace.
        RenderedChart chart = RenderedChart.render("watchNamespaces: [shop, payments]");
        assertThat(denied(chart, List.of("shop", "payments"))).isEmpty();
    }

    @Test
    void theChartGrantsTheOperatorNothingItNeverRequested() {
        ChartGrants grants =
                ChartGrants.of(RenderedChart.render(""), SERVICE_ACCOUNT, RenderedChart.NAMESPACE);
        assertThat(grants.grants()).as("the chart binds roles to the operator").isNotEmpty();
        List<String> unused = new ArrayList<>();
        for (Grant g : grants.grants()) {
            assertThat(g.rule().getResourceNames())
                    .as("resourceNames in %s", g.role())
                    .isNullOrEmpty();
            for (String group : g.rule().getApiGroups()) {
                for (String resource : g.rule().getResources()) {
                    for (String verb : g.rule().getVerbs()) {
                        boolean used =
                                requests.stream()
                                        .anyMatch(
                                                r ->
                                                        !r.nonResource()
                                                                && r.verb().equals(verb)
                                                                && r.group().equals(group)
                                                                && r.rbacResource().equals(resource)
                                                                && needs(r, g));
                        if (!used) {
                            unused.add(
                                    verb
                                            + " "
                                            + (group.isEmpty() ? "core" : group)
                                            + " "
                                            + resource
                                            + " ("
                                            + g.role()
                                            + (g.clusterWide()
                                                    ? ", cluster-wide"
                                                    : ", namespace " + g.namespace())
                                            + ")");
                        }
                    }
                }
            }
        }
        assertThat(unused)
                .as("granted by the chart but never requested by the operator's tests")
                .isEmpty();
    }

    /**
     * Whether request {@code r} needs grant {@code g}: a cluster-wide grant is needed only outside
     * the chart's own namespaces.
     */
    private static boolean needs(ApiRequest r, Grant g) {
        if (g.clusterWide()) return r.scope() == Scope.CLUSTER || r.scope() == Scope.JOB_NAMESPACE;
        return g.namespace().equals(namespaceOf(r, JOB_NS));
    }

    private static List<String> denied(RenderedChart chart, List<String> jobNamespaces) {
        ChartGrants grants = ChartGrants.of(chart, SERVICE_ACCOUNT, RenderedChart.NAMESPACE);
        boolean watched = jobNamespaces.size() > 1 || !jobNamespaces.contains(JOB_NS);
        return requests.stream()
                .filter(r -> !GRANTED_TO_EVERY_USER.contains(r.line()))
                .flatMap(
                        r -> {
                            if (r.nonResource())
                                return java.util.stream.Stream.of(r.line() + " (non-resource)");
                            List<String> namespaces =
                                    r.scope() == Scope.CLUSTER
                                            ? (watched
                                                    ? jobNamespaces
                                                    : java.util.Collections.singletonList(null))
                                            : r.scope() == Scope.JOB_NAMESPACE
                                                    ? jobNamespaces
                                                    : List.of(namespaceOf(r, JOB_NS));
                            return namespaces.stream()
                                    .filter(
                                            ns ->
                                                    grants.allowing(
                                                                    r.verb(),
                                                                    r.group(),
                                                                    r.rbacResource(),
                                                                    ns)
                                                            .isEmpty())
                                    .map(
                                            ns ->
                                                    r.line()
                                                            + " in "
                                                            + (ns == null
                                                                    ? "the cluster"
                                                                    : "namespace " + ns));
                        })
                .collect(Collectors.toList());
    }

    private static String namespaceOf(ApiRequest r, String jobNs) {
        return switch (r.scope()) {
            case OPERATOR_NAMESPACE -> RenderedChart.NAMESPACE;
            case AGENT_NAMESPACE -> AGENT_NS;
            case JOB_NAMESPACE -> jobNs;
            case CLUSTER -> null;
        };
    }
}
