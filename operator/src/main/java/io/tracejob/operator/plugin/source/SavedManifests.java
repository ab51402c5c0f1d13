package io.tracejob.operator.plugin.source;

import io.tracejob.api.v1alpha1.Manifests;
import io.tracejob.api.v1alpha1.TraceJob;
import io.tracejob.api.v1alpha1.TraceSchedule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * TraceJobs and TraceSchedules read offline, as saved with {@code kubectl get -o yaml} (from a
 * GitOps repository or an incident ticket), by the API module's strict reader: a file that is not
 * one, or has a misspelt field, is an error naming the file and the field.
 */
public final class SavedManifests {
    private SavedManifests() {}

    public static TraceJob traceJob(Path file) {
        try {
            return Manifests.readTraceJob(text(file), file.toString());
        } catch (IllegalArgumentException e) {
            throw new PluginError(e.getMessage(), e);
        }
    }

    public static TraceSchedule traceSchedule(Path file) {
        try {
            return Manifests.readTraceSchedule(text(file), file.toString());
        } catch (IllegalArgumentException e) {
            throw new PluginError(e.getMessage(), e);
        }
    }

    private static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new PluginError(file + ": no such file", e);
        } catch (IOException e) {
            throw new PluginError("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
