package io.tracejob.operator.killswitch;

import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.tracejob.api.v1alpha1.TraceJob;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who set {@code spec.stop}: the field manager that owns it in managedFields (e.g. kubectl-patch,
 * argocd-controller), with the time of its write. managedFields name the client program, not the
 * person: the API server's audit log has the user.
 */
public final class StopRequester {
    private StopRequester() {}

    public static Optional<String> of(TraceJob job) {
        List<ManagedFieldsEntry> entries = job.getMetadata().getManagedFields();
        if (entries == null) return Optional.empty();
        return entries.stream()
                .filter(e -> e.getManager() != null && ownsStop(e.getFieldsV1()))
                .max(Comparator.comparing(e -> e.getTime() == null ? "" : e.getTime()))
                .map(e -> e.getManager() + (e.getTime() == null ? "" : " at " + e.getTime()));
    }

    private static boolean ownsStop(FieldsV1 fields) {
        if (fields == null || fields.getAdditionalProperties() == null) return false;
        return fields.getAdditionalProperties().get("f:spec") instanceof Map<?, ?> spec
                && spec.containsKey("f:stop");
    }
}
