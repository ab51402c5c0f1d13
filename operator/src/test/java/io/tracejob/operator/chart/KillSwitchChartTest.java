package io.tracejob.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.tracejob.operator.killswitch.TracingPause;
import io.tracejob.operator.rbac.ChartGrants;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The chart's kill switch: installed released in the operator's namespace, flipped by whoever is
 * bound to the ClusterRole tracejob-kill-switch, only read by the operator.
 */
class KillSwitchChartTest {
    private final RenderedChart chart = RenderedChart.render("");

    @Test
    void theSwitchIsInstalledReleasedWhereTheOperatorReadsIt() {
        ConfigMap cm = chart.one(ConfigMap.class);
        assertThat(cm.getMetadata().getName()).isEqualTo(TracingPause.CONFIG_MAP);
        assertThat(cm.getMetadata().getNamespace()).isEqualTo(RenderedChart.NAMESPACE);
        // no data: released, and nothing for helm upgrade to reset once the on-call has written
        assertThat(cm.getData()).isNullOrEmpty();
        TracingPause pause = new TracingPause(Clock.systemUTC());
        pause.attach(() -> Optional.of(cm));
        assertThat(pause.paused()).isFalse();
    }

    @Test
    void theOnCallRoleMayFlipTheSwitchAndStopTraceJobsAndNothingElse() {
        ClusterRole role =
                chart.all(ClusterRole.class).stream()
                        .filter(r -> r.getMetadata().getName().equals("tracejob-kill-switch"))
                        .findFirst()
                        .orElseThrow();
        assertThat(role.getRules())
                .hasSize(2)
                .anySatisfy(
                        r -> {
                            assertThat(r.getResources()).containsExactly("configmaps");
                            assertThat(r.getResourceNames())
                                    .containsExactly(TracingPause.CONFIG_MAP);
                            assertThat(r.getVerbs())
                                    .containsExactlyInAnyOrder("get", "update", "patch");
                        })
                .anySatisfy(
                        r -> {
                            assertThat(r.getResources()).containsExactly("tracejobs");
                            assertThat(r.getVerbs()).doesNotContain("create", "delete", "update");
                        });
        // left to the platform team to bind to its on-call group
        assertThat(chart.all(ClusterRoleBinding.class))
                .noneMatch(b -> b.getRoleRef().getName().equals("tracejob-kill-switch"));
        assertThat(chart.all(RoleBinding.class))
                .noneMatch(b -> b.getRoleRef().getName().equals("tracejob-kill-switch"));
    }

    @Test
    void theOperatorOnlyReadsTheSwitchInItsOwnNamespace() {
        String sa = chart.deployment().getSpec().getTemplate().getSpec().getServiceAccountName();
        ChartGrants grants = ChartGrants.of(chart, sa, RenderedChart.NAMESPACE);
        assertThat(grants.allowing("watch", "", "configmaps", RenderedChart.NAMESPACE))
                .isNotEmpty();
        assertThat(grants.allowing("watch", "", "configmaps", "shop")).isEmpty();
        for (String write : new String[] {"create", "update", "patch", "delete"}) {
            assertThat(grants.allowing(write, "", "configmaps", RenderedChart.NAMESPACE))
                    .as(write)
                    .isEmpty();
        }
    }
}
