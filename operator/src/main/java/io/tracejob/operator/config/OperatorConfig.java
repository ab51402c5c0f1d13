package io.tracejob.operator.config;

import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import io.tracejob.api.v1alpha1.AgentPrivileges;
import io.tracejob.api.v1alpha1.ProbeFamily;
import io.tracejob.api.v1alpha1.validation.Rules;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Everything an installation decides (the Helm chart's values end up here): where agents run, with
 * what image and limits, and the guards every TraceJob must pass.
 *
 * @param agentNamespace namespace of the agent pods (never the user's: the agent is privileged)
 * @param allowedNamespaces namespaces whose TraceJobs are run; empty means every namespace
 * @param allowedFamilies probe families TraceJobs may use; empty means every family
 * @param maxAgentsPerNode agent pods (all TraceJobs together) running at once on one node
 * @param maxPreTraceCandidates cluster-wide cap on the pods one pick Slowest by probe pre-traces
 *     (the spec's {@code slowestBy.probe.maxCandidates} may ask for fewer, never more)
 * @param deadlineGrace added to the trace duration for the pod's activeDeadlineSeconds (image pull,
 *     start, result)
 * @param waitRecheck how often a TraceJob waiting for a node slot looks again
 * @param agentStartTimeout an agent pod still Pending after this long fails the TraceJob (e.g. node
 *     gone)
 * @param reconcileThreads TraceJobs reconciled at once; more only queue up at the API server
 * @param nodeCapabilityTtl how long a node stays known to lack a probe family after an agent exited
 *     3 there (no agent is started for that family and node meanwhile); 0 never remembers
 * @param reconcileRetries retries of a pass that threw; when the last one throws too, the TraceJob
 *     fails (OperatorError)
 * @param reconcileRetryInterval wait before the first retry; each further one waits 1.5 times
 *     longer
 * @param watchNamespaces namespaces whose TraceJobs are watched; empty means every namespace (the
 *     chart then binds the operator's namespaced permissions cluster-wide, else in these namespaces
 *     only)
 * @param agentImagePullSecrets names of Secrets in the agent namespace for pulling the agent image
 * @param agentCapabilities capabilities added to the agent container (all others dropped)
 * @param agentJavaOptions JVM flags of the agent (its JAVA_TOOL_OPTIONS), e.g. the heap fitted to
 *     its memory limit; empty sets none
 * @param podName the operator's pod (downward API POD_NAME): its identity on the leader election
 *     Lease; null lets JOSDK use HOSTNAME
 * @param prometheus which Prometheus servers specs may name, with what credentials and timeouts
 */
public record OperatorConfig(
        String operatorNamespace,
        String agentNamespace,
        String agentImage,
        String agentImagePullPolicy,
        ResourceRequirements agentResources,
        List<Toleration> agentTolerations,
        boolean agentPrivileged,
        boolean keepAgentPods,
        Duration deadlineGrace,
        Set<String> allowedNamespaces,
        Duration maxDuration,
        Set<ProbeFamily> allowedFamilies,
        int maxAgentsPerNode,
        int maxPreTraceCandidates,
        Duration waitRecheck,
        Duration agentStartTimeout,
        int httpPort,
        boolean leaderElection,
        String leaseName,
        boolean jsonLogs,
        int reconcileThreads,
        Duration nodeCapabilityTtl,
        int reconcileRetries,
        Duration reconcileRetryInterval,
        Set<String> watchNamespaces,
        List<String> agentImagePullSecrets,
        List<String> agentCapabilities,
        String agentJavaOptions,
        String podName,
        PrometheusSettings prometheus) {

    /**
     * The image {@code .ci/build-images} builds (name and tag from {@code
     * tracejob-images.properties}).
     */
    public static final String DEFAULT_IMAGE = ImageNames.agent();

    public OperatorConfig {
        agentTolerations = List.copyOf(agentTolerations);
        allowedNamespaces = Set.copyOf(allowedNamespaces);
        allowedFamilies = Set.copyOf(allowedFamilies);
        watchNamespaces = Set.copyOf(watchNamespaces);
        agentImagePullSecrets = List.copyOf(agentImagePullSecrets);
        agentCapabilities = List.copyOf(agentCapabilities);
        if (reconcileThreads < 1) {
            throw new IllegalArgumentException(
                    "reconcileThreads: " + reconcileThreads + " must be at least 1");
        }
        if (maxAgentsPerNode < 1) {
            throw new IllegalArgumentException(
                    "maxAgentsPerNode: " + maxAgentsPerNode + " must be at least 1");
        }
        if (maxPreTraceCandidates < 1) {
            throw new IllegalArgumentException(
                    "maxPreTraceCandidates: " + maxPreTraceCandidates + " must be at least 1");
        }
        if (reconcileRetries < 1) {
            throw new IllegalArgumentException(
                    "reconcileRetries: " + reconcileRetries + " must be at least 1");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.operatorNamespace = operatorNamespace;
        b.agentNamespace = agentNamespace;
        b.agentImage = agentImage;
        b.agentImagePullPolicy = agentImagePullPolicy;
        b.agentResources = agentResources;
        b.agentTolerations = agentTolerations;
        b.agentPrivileged = agentPrivileged;
        b.keepAgentPods = keepAgentPods;
        b.deadlineGrace = deadlineGrace;
        b.allowedNamespaces = allowedNamespaces;
        b.maxDuration = maxDuration;
        b.allowedFamilies = allowedFamilies;
        b.maxAgentsPerNode = maxAgentsPerNode;
        b.maxPreTraceCandidates = maxPreTraceCandidates;
        b.waitRecheck = waitRecheck;
        b.agentStartTimeout = agentStartTimeout;
        b.httpPort = httpPort;
        b.leaderElection = leaderElection;
        b.leaseName = leaseName;
        b.jsonLogs = jsonLogs;
        b.reconcileThreads = reconcileThreads;
        b.nodeCapabilityTtl = nodeCapabilityTtl;
        b.reconcileRetries = reconcileRetries;
        b.reconcileRetryInterval = reconcileRetryInterval;
        b.watchNamespaces = watchNamespaces;
        b.agentImagePullSecrets = agentImagePullSecrets;
        b.agentCapabilities = agentCapabilities;
        b.agentJavaOptions = agentJavaOptions;
        b.podName = podName;
        b.prometheus = prometheus;
        return b;
    }

    /** Defaults are the production ones; tests change only what they exercise. */
    public static final class Builder {
        private String operatorNamespace = "tracejob-system";
        private String agentNamespace;
        private String agentImage = DEFAULT_IMAGE;
        private String agentImagePullPolicy = "IfNotPresent";
        private ResourceRequirements agentResources = AgentDefaults.resources();
        private List<Toleration> agentTolerations = List.of();
        private boolean agentPrivileged;
        private boolean keepAgentPods;
        private Duration deadlineGrace = Duration.ofSeconds(60);
        private Set<String> allowedNamespaces = Set.of();
        private Duration maxDuration = Duration.ofHours(1);
        private Set<ProbeFamily> allowedFamilies = EnumSet.allOf(ProbeFamily.class);
        private int maxAgentsPerNode = 2;
        private int maxPreTraceCandidates = Rules.PRE_TRACE_CANDIDATES_DEFAULT;
        private Duration waitRecheck = Duration.ofSeconds(5);
        private Duration agentStartTimeout = Duration.ofMinutes(5);
        private int httpPort = 8080;
        private boolean leaderElection = true;
        private String leaseName = "tracejob-operator";
        private boolean jsonLogs;
        private int reconcileThreads = 16;
        private Duration nodeCapabilityTtl = Duration.ofHours(1);
        private int reconcileRetries = 5;
        private Duration reconcileRetryInterval = Duration.ofSeconds(2);
        private Set<String> watchNamespaces = Set.of();
        private List<String> agentImagePullSecrets = List.of();
        private List<String> agentCapabilities = AgentPrivileges.names();
        private String agentJavaOptions = "";
        private String podName;
        private PrometheusSettings prometheus = PrometheusSettings.defaults();

        public Builder operatorNamespace(String v) {
            operatorNamespace = v;
            return this;
        }

        public Builder agentNamespace(String v) {
            agentNamespace = v;
            return this;
        }

        public Builder agentImage(String v) {
            agentImage = v;
            return this;
        }

        public Builder agentImagePullPolicy(String v) {
            agentImagePullPolicy = v;
            return this;
        }

        public Builder agentResources(ResourceRequirements v) {
            agentResources = v;
            return this;
        }

        public Builder agentTolerations(List<Toleration> v) {
            agentTolerations = v;
            return this;
        }

        public Builder agentPrivileged(boolean v) {
            agentPrivileged = v;
            return this;
        }

        public Builder keepAgentPods(boolean v) {
            keepAgentPods = v;
            return this;
        }

        public Builder deadlineGrace(Duration v) {
            deadlineGrace = v;
            return this;
        }

        public Builder allowedNamespaces(Set<String> v) {
            allowedNamespaces = v;
            return this;
        }

        public Builder maxDuration(Duration v) {
            maxDuration = v;
            return this;
        }

        public Builder allowedFamilies(Set<ProbeFamily> v) {
            allowedFamilies = v;
            return this;
        }

        public Builder maxAgentsPerNode(int v) {
            maxAgentsPerNode = v;
            return this;
        }

        public Builder maxPreTraceCandidates(int v) {
            maxPreTraceCandidates = v;
            return this;
        }

        public Builder waitRecheck(Duration v) {
            waitRecheck = v;
            return this;
        }

        public Builder agentStartTimeout(Duration v) {
            agentStartTimeout = v;
            return this;
        }

        public Builder httpPort(int v) {
            httpPort = v;
            return this;
        }

        public Builder leaderElection(boolean v) {
            leaderElection = v;
            return this;
        }

        public Builder leaseName(String v) {
            leaseName = v;
            return this;
        }

        public Builder jsonLogs(boolean v) {
            jsonLogs = v;
            return this;
        }

        public Builder reconcileThreads(int v) {
            reconcileThreads = v;
            return this;
        }

        public Builder nodeCapabilityTtl(Duration v) {
            nodeCapabilityTtl = v;
            return this;
        }

        public Builder reconcileRetries(int v) {
            reconcileRetries = v;
            return this;
        }

        public Builder reconcileRetryInterval(Duration v) {
            reconcileRetryInterval = v;
            return this;
        }

        public Builder watchNamespaces(Set<String> v) {
            watchNamespaces = v;
            return this;
        }

        public Builder agentImagePullSecrets(List<String> v) {
            agentImagePullSecrets = v;
            return this;
        }

        public Builder agentCapabilities(List<String> v) {
            agentCapabilities = v;
            return this;
        }

        public Builder agentJavaOptions(String v) {
            agentJavaOptions = v;
            return this;
        }

        public Builder podName(String v) {
            podName = v;
            return this;
        }

        public Builder prometheus(PrometheusSettings v) {
            prometheus = v;
            return this;
        }

        public PrometheusSettings prometheus() {
            return prometheus;
        }

        public OperatorConfig build() {
            return new OperatorConfig(
                    operatorNamespace,
                    agentNamespace == null ? operatorNamespace : agentNamespace,
                    agentImage,
                    agentImagePullPolicy,
                    agentResources,
                    agentTolerations,
                    agentPrivileged,
                    keepAgentPods,
                    deadlineGrace,
                    allowedNamespaces,
                    maxDuration,
                    allowedFamilies,
                    maxAgentsPerNode,
                    maxPreTraceCandidates,
                    waitRecheck,
                    agentStartTimeout,
                    httpPort,
                    leaderElection,
                    leaseName,
                    jsonLogs,
                    reconcileThreads,
                    nodeCapabilityTtl,
                    reconcileRetries,
                    reconcileRetryInterval,
                    watchNamespaces,
                    agentImagePullSecrets,
                    agentCapabilities,
                    agentJavaOptions,
                    podName,
                    prometheus);
        }
    }
}
