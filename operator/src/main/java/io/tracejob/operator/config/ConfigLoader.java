package io.tracejob.operator.config;

import com.fasterxml.jackson.core.type.TypeReference;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.tracejob.api.v1alpha1.KubeDuration;
import io.tracejob.api.v1alpha1.ProbeFamily;
import io.tracejob.operator.prometheus.PrometheusEndpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * Reads {@link OperatorConfig} from environment variables ({@code TRACEJOB_AGENT_IMAGE}) and
 * command-line arguments ({@code --agent-image=...}, which win). Every setting has both spellings,
 * so the Helm chart can use env and a developer can use flags.
 */
public final class ConfigLoader {
    private ConfigLoader() {}

    private static final String PREFIX = "TRACEJOB_";
    private static final Path SERVICE_ACCOUNT_NAMESPACE =
            Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

    private static final Map<String, BiConsumer<OperatorConfig.Builder, String>> SETTINGS =
            new LinkedHashMap<>();

    static {
        SETTINGS.put("OPERATOR_NAMESPACE", OperatorConfig.Builder::operatorNamespace);
        SETTINGS.put("AGENT_NAMESPACE", OperatorConfig.Builder::agentNamespace);
        SETTINGS.put("AGENT_IMAGE", OperatorConfig.Builder::agentImage);
        SETTINGS.put(
                "AGENT_IMAGE_PULL_POLICY",
                (b, v) ->
                        b.agentImagePullPolicy(
                                oneOf(
                                        "agent-image-pull-policy",
                                        v,
                                        List.of("Always", "IfNotPresent", "Never"))));
        SETTINGS.put(
                "AGENT_RESOURCES",
                (b, v) ->
                        b.agentResources(
                                json(
                                        "agent-resources",
                                        v,
                                        new TypeReference<ResourceRequirements>() {})));
        SETTINGS.put(
                "AGENT_TOLERATIONS",
                (b, v) ->
                        b.agentTolerations(
                                json(
                                        "agent-tolerations",
                                        v,
                                        new TypeReference<List<Toleration>>() {})));
        SETTINGS.put("AGENT_PRIVILEGED", (b, v) -> b.agentPrivileged(bool("agent-privileged", v)));
        SETTINGS.put("KEEP_AGENT_PODS", (b, v) -> b.keepAgentPods(bool("keep-agent-pods", v)));
        SETTINGS.put("DEADLINE_GRACE", (b, v) -> b.deadlineGrace(duration("deadline-grace", v)));
        SETTINGS.put("ALLOWED_NAMESPACES", (b, v) -> b.allowedNamespaces(list(v)));
        SETTINGS.put("MAX_DURATION", (b, v) -> b.maxDuration(duration("max-duration", v)));
        SETTINGS.put("ALLOWED_FAMILIES", (b, v) -> b.allowedFamilies(families(v)));
        SETTINGS.put(
                "MAX_AGENTS_PER_NODE",
                (b, v) -> b.maxAgentsPerNode(positive("max-agents-per-node", v)));
        SETTINGS.put(
                "MAX_PRE_TRACE_CANDIDATES",
                (b, v) -> b.maxPreTraceCandidates(positive("max-pre-trace-candidates", v)));
        SETTINGS.put("WAIT_RECHECK", (b, v) -> b.waitRecheck(duration("wait-recheck", v)));
        SETTINGS.put(
                "AGENT_START_TIMEOUT",
                (b, v) -> b.agentStartTimeout(duration("agent-start-timeout", v)));
        SETTINGS.put("HTTP_PORT", (b, v) -> b.httpPort(positive("http-port", v)));
        SETTINGS.put("LEADER_ELECTION", (b, v) -> b.leaderElection(bool("leader-election", v)));
        SETTINGS.put("LEASE_NAME", OperatorConfig.Builder::leaseName);
        SETTINGS.put(
                "RECONCILE_THREADS",
                (b, v) -> b.reconcileThreads(positive("reconcile-threads", v)));
        SETTINGS.put("JSON_LOGS", (b, v) -> b.jsonLogs(bool("json-logs", v)));
        SETTINGS.put(
                "NODE_CAPABILITY_TTL",
                (b, v) -> b.nodeCapabilityTtl(duration("node-capability-ttl", v)));
        SETTINGS.put(
                "RECONCILE_RETRIES",
                (b, v) -> b.reconcileRetries(positive("reconcile-retries", v)));
        SETTINGS.put("WATCH_NAMESPACES", (b, v) -> b.watchNamespaces(list(v)));
        SETTINGS.put(
                "AGENT_IMAGE_PULL_SECRETS",
                (b, v) -> b.agentImagePullSecrets(List.copyOf(list(v))));
        SETTINGS.put("AGENT_CAPABILITIES", (b, v) -> b.agentCapabilities(capabilities(v)));
        SETTINGS.put("AGENT_JAVA_OPTIONS", OperatorConfig.Builder::agentJavaOptions);
        SETTINGS.put(
                "RECONCILE_RETRY_INTERVAL",
                (b, v) -> b.reconcileRetryInterval(duration("reconcile-retry-interval", v)));
        SETTINGS.put("PROMETHEUS_ALLOWED_URLS", ConfigLoader::prometheusAllowedUrls);
        SETTINGS.put(
                "PROMETHEUS_ALLOW_ANY",
                (b, v) ->
                        b.prometheus(b.prometheus().withAllowAny(bool("prometheus-allow-any", v))));
        SETTINGS.put(
                "PROMETHEUS_CREDENTIALS_DIR",
                (b, v) -> b.prometheus(b.prometheus().withCredentialsDir(Path.of(v.trim()))));
        SETTINGS.put(
                "PROMETHEUS_TIMEOUT",
                (b, v) ->
                        b.prometheus(
                                b.prometheus().withTimeout(duration("prometheus-timeout", v))));
        SETTINGS.put(
                "PROMETHEUS_RETRY_FOR",
                (b, v) ->
                        b.prometheus(
                                b.prometheus().withRetryFor(duration("prometheus-retry-for", v))));
    }

    /** Checked here, so that a bad entry stops the operator at start with its name. */
    private static void prometheusAllowedUrls(OperatorConfig.Builder b, String v) {
        List<String> urls = List.copyOf(list(v));
        PrometheusEndpoints.of(urls, false);
        b.prometheus(b.prometheus().withAllowedUrls(urls));
    }

    /**
     * @throws IllegalArgumentException naming the setting and the rule
     */
    public static OperatorConfig load(Map<String, String> env, String[] args) {
        OperatorConfig.Builder b = OperatorConfig.builder();
        // The namespace the operator runs in: the downward API's POD_NAMESPACE, else the service
        // account's.
        String podNamespace = env.get("POD_NAMESPACE");
        if (podNamespace == null && Files.isReadable(SERVICE_ACCOUNT_NAMESPACE)) {
            try {
                podNamespace = Files.readString(SERVICE_ACCOUNT_NAMESPACE).trim();
            } catch (IOException ignored) {
                // fall back to the default namespace
            }
        }
        if (podNamespace != null && !podNamespace.isEmpty()) b.operatorNamespace(podNamespace);
        String podName = env.get("POD_NAME");
        if (podName != null && !podName.isEmpty()) b.podName(podName);
        for (var setting : SETTINGS.entrySet()) {
            String v = env.get(PREFIX + setting.getKey());
            if (v != null && !v.isEmpty()) setting.getValue().accept(b, v);
        }
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException(
                        "argument '"
                                + arg
                                + "': expected --name=value; known names: "
                                + knownFlags());
            }
            String name = arg.substring(2, arg.indexOf('='));
            String key = name.toUpperCase(Locale.ROOT).replace('-', '_');
            var setter = SETTINGS.get(key);
            if (setter == null) {
                throw new IllegalArgumentException(
                        "argument --" + name + " is unknown; known names: " + knownFlags());
            }
            setter.accept(b, arg.substring(arg.indexOf('=') + 1));
        }
        return b.build();
    }

    static String knownFlags() {
        return SETTINGS.keySet().stream()
                .map(k -> "--" + k.toLowerCase(Locale.ROOT).replace('_', '-'))
                .collect(Collectors.joining(", "));
    }

    private static boolean bool(String name, String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default ->
                    throw new IllegalArgumentException(
                            name + ": '" + v + "' must be true or false");
        };
    }

    private static int positive(String name, String v) {
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 1) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    name + ": '" + v + "' must be a whole number of at least 1");
        }
    }

    private static Duration duration(String name, String v) {
        return KubeDuration.parse(name, v.trim());
    }

    private static String oneOf(String name, String v, List<String> allowed) {
        if (!allowed.contains(v))
            throw new IllegalArgumentException(name + ": '" + v + "' must be one of " + allowed);
        return v;
    }

    private static Set<String> list(String v) {
        return Arrays.stream(v.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<ProbeFamily> families(String v) {
        EnumSet<ProbeFamily> out = EnumSet.noneOf(ProbeFamily.class);
        for (String f : list(v)) {
            try {
                out.add(ProbeFamily.valueOf(f));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "allowed-families: '"
                                + f
                                + "' is not a probe family; one of "
                                + Arrays.toString(ProbeFamily.values()));
            }
        }
        return out;
    }

    /**
     * Capability names as Kubernetes spells them (BPF, not CAP_BPF); ALL would be privileged by
     * another name.
     */
    private static List<String> capabilities(String v) {
        List<String> out = List.copyOf(list(v));
        for (String c : out) {
            if (!c.matches("[A-Z][A-Z_]*") || c.startsWith("CAP_") || c.equals("ALL")) {
                throw new IllegalArgumentException(
                        "agent-capabilities: '"
                                + c
                                + "' must be a capability name without"
                                + " the CAP_ prefix, e.g. BPF or PERFMON, and not ALL (use agent-privileged)");
            }
        }
        return out;
    }

    private static <T> T json(String name, String v, TypeReference<T> type) {
        try {
            return Serialization.jsonMapper().readValue(v, type);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    name
                            + ": not valid JSON for "
                            + type.getType().getTypeName()
                            + ": "
                            + e.getMessage().lines().findFirst().orElse(""));
        }
    }
}
