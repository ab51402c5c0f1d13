package io.tracejob.operator.chart;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.tracejob.operator.testsupport.MockCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The chart {@code helm/tracejob-operator} rendered by real Helm ({@code helm template}, through
 * helm-java) and parsed with fabric8, as {@code helm install} would send it to the API server.
 */
public record RenderedChart(List<HasMetadata> objects) {
    public static final String RELEASE = "tj";
    public static final String NAMESPACE = "tracejob-system";

    /** The pod name the downward API gives the operator in these tests. */
    public static final String POD_NAME = "tj-tracejob-operator-5d9c7b6f4-x2x7q";

    /**
     * Helm's own default (1.20) is older than the chart's kubeVersion (Pod Security admission
     * labels: 1.25).
     */
    public static final String KUBE_VERSION = "1.30.0";

    private static final KubernetesSerialization YAML = new KubernetesSerialization();

    public static Path dir() {
        return MockCluster.repoRoot().resolve("helm/tracejob-operator");
    }

    /** Renders with the chart's defaults overridden by {@code valuesYaml} (empty: the defaults). */
    public static RenderedChart render(String valuesYaml) {
        TemplateCommand template =
                new Helm(dir())
                        .template()
                        .withName(RELEASE)
                        .withNamespace(NAMESPACE)
                        .withKubeVersion(KUBE_VERSION);
        if (!valuesYaml.isBlank()) template.withValuesFile(valuesFile(valuesYaml));
        return parse(template.call());
    }

    /** What {@code helm install} prints (NOTES.txt rendered), by a client-only dry run. */
    public static String installOutput(String valuesYaml) {
        InstallCommand install =
                new Helm(dir())
                        .install()
                        .withName(RELEASE)
                        .withNamespace(NAMESPACE)
                        .withKubeVersion(KUBE_VERSION)
                        .clientOnly()
                        .dryRun();
        if (!valuesYaml.isBlank()) install.withValuesFile(valuesFile(valuesYaml));
        return install.call().getOutput();
    }

    private static Path valuesFile(String valuesYaml) {
        try {
            Path values = Files.createTempFile("values-", ".yaml");
            values.toFile().deleteOnExit();
            Files.writeString(values, valuesYaml);
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RenderedChart parse(String manifests) {
        List<HasMetadata> objects =
                Arrays.stream(manifests.split("(?m)^---\\s*$"))
                        .filter(
                                doc ->
                                        doc.lines()
                                                .anyMatch(l -> !l.isBlank() && !l.startsWith("#")))
                        .map(doc -> YAML.unmarshal(doc, HasMetadata.class))
                        .toList();
        return new RenderedChart(objects);
    }

    public <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public <T extends HasMetadata> T one(Class<T> type) {
        List<T> found = all(type);
        if (found.size() != 1)
            throw new AssertionError(
                    "expected one " + type.getSimpleName() + ", found " + found.size());
        return found.get(0);
    }

    public List<String> kinds() {
        return objects.stream().map(HasMetadata::getKind).sorted().toList();
    }

    public Deployment deployment() {
        return one(Deployment.class);
    }

    /**
     * The operator container's environment as the kubelet gives it: literal values, and the
     * downward API's namespace and pod name resolved for a pod of this release.
     */
    public Map<String, String> operatorEnv() {
        return deployment()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getEnv()
                .stream()
                .collect(
                        Collectors.toMap(
                                e -> e.getName(),
                                e -> {
                                    if (e.getValueFrom() == null)
                                        return e.getValue() == null ? "" : e.getValue();
                                    String field = e.getValueFrom().getFieldRef().getFieldPath();
                                    return switch (field) {
                                        case "metadata.namespace" -> NAMESPACE;
                                        case "metadata.name" -> POD_NAME;
                                        default ->
                                                throw new AssertionError(
                                                        "unexpected fieldRef " + field);
                                    };
                                }));
    }
}
