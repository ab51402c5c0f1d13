package io.tracejob.operator.rbac;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.tracejob.operator.chart.RenderedChart;
import java.util.ArrayList;
import java.util.List;

/**
 * What the rendered chart lets the operator's ServiceAccount do: every rule of every Role and
 * ClusterRole bound to it, with where the binding applies (everywhere for a ClusterRoleBinding, one
 * namespace for a RoleBinding).
 */
public record ChartGrants(List<Grant> grants) {

    /** One rule and where it applies; {@code namespace} null means cluster-wide. */
    public record Grant(String role, String namespace, PolicyRule rule) {
        public boolean clusterWide() {
            return namespace == null;
        }

        public boolean matches(String verb, String group, String resource) {
            return rule.getApiGroups().contains(group)
                    && rule.getResources().contains(resource)
                    && rule.getVerbs().contains(verb);
        }
    }

    public static ChartGrants of(
            RenderedChart chart, String serviceAccount, String serviceAccountNamespace) {
        List<Grant> grants = new ArrayList<>();
        for (ClusterRoleBinding b : chart.all(ClusterRoleBinding.class)) {
            if (bindsTo(b.getSubjects(), serviceAccount, serviceAccountNamespace)) {
                rules(chart, b.getRoleRef(), null)
                        .forEach(r -> grants.add(new Grant(b.getRoleRef().getName(), null, r)));
            }
        }
        for (RoleBinding b : chart.all(RoleBinding.class)) {
            if (bindsTo(b.getSubjects(), serviceAccount, serviceAccountNamespace)) {
                String ns = b.getMetadata().getNamespace();
                rules(chart, b.getRoleRef(), ns)
                        .forEach(r -> grants.add(new Grant(b.getRoleRef().getName(), ns, r)));
            }
        }
        return new ChartGrants(grants);
    }

    /**
     * Grants that allow {@code verb} on {@code group}/{@code resource} in {@code namespace} (null:
     * cluster-wide).
     */
    public List<Grant> allowing(String verb, String group, String resource, String namespace) {
        return grants.stream()
                .filter(g -> g.matches(verb, group, resource))
                .filter(
                        g ->
                                g.clusterWide()
                                        || (namespace != null && namespace.equals(g.namespace())))
                .toList();
    }

    private static boolean bindsTo(List<Subject> subjects, String name, String namespace) {
        return subjects != null
                && subjects.stream()
                        .anyMatch(
                                s ->
                                        "ServiceAccount".equals(s.getKind())
                                                && name.equals(s.getName())
                                                && namespace.equals(s.getNamespace()));
    }

    private static List<PolicyRule> rules(RenderedChart chart, RoleRef ref, String namespace) {
        if (ref.getKind().equals("ClusterRole")) {
            return chart.all(ClusterRole.class).stream()
                    .filter(r -> r.getMetadata().getName().equals(ref.getName()))
                    .findFirst()
                    .orElseThrow(
                            () ->
                                    new AssertionError(
                                            "binding to missing ClusterRole " + ref.getName()))
                    .getRules();
        }
        return chart.all(Role.class).stream()
                .filter(
                        r ->
                                r.getMetadata().getName().equals(ref.getName())
                                        && r.getMetadata().getNamespace().equals(namespace))
                .findFirst()
                .orElseThrow(
                        () ->
                                new AssertionError(
                                        "binding to missing Role "
                                                + namespace
                                                + "/"
                                                + ref.getName()))
                .getRules();
    }
}
