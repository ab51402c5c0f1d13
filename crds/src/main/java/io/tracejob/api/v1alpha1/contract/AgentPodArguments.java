package io.tracejob.api.v1alpha1.contract;

import java.util.List;

/**
 * The arguments of {@code tracejob-agent pod}, the command the operator's agent pod runs.
 * Compile-time constants, because the agent names its picocli options with them.
 */
public final class AgentPodArguments {
    private AgentPodArguments() {}

    /** The subcommand, the container's first argument. */
    public static final String SUBCOMMAND = "pod";

    /** the TraceJob's spec as JSON, at most {@link #SPEC_JSON_MAX_CHARS} */
    public static final String SPEC_JSON = "--spec-json";

    /** the target container as {@code RUNTIME://ID}, as in the target pod's containerStatuses */
    public static final String CONTAINER_ID = "--container-id";

    /** the target pod's UID, which the agent matches against the container's cgroup */
    public static final String POD_UID = "--pod-uid";

    /** where the Result goes; default {@link TerminationMessageFormat#PATH} */
    public static final String RESULT_FILE = "--result-file";

    /**
     * a file of costs per firing measured by {@code calibrate}; the operator leaves it to the
     * agent's own cache
     */
    public static final String CALIBRATION = "--calibration";

    /** the directory of the node's cost cache; the operator sets {@link #COST_CACHE_ENV} instead */
    public static final String COST_CACHE = "--cost-cache";

    /**
     * The environment variable naming the node's cost cache directory (a host path the operator
     * mounts, so the first agent after a boot measures what a firing costs and later ones reuse
     * it).
     */
    public static final String COST_CACHE_ENV = "TRACEJOB_COST_CACHE";

    /** The options the agent refuses to run without. */
    public static final List<String> REQUIRED = List.of(SPEC_JSON, CONTAINER_ID, POD_UID);

    /** Every option of the subcommand besides picocli's --help and --version. */
    public static final List<String> ALL =
            List.of(SPEC_JSON, CONTAINER_ID, POD_UID, RESULT_FILE, CALIBRATION, COST_CACHE);

    /**
     * A TraceJobSpec is a few KiB at most; the agent refuses anything far larger. Well below the
     * kernel's limit for one argument (MAX_ARG_STRLEN, 128 KiB), so an accepted spec always reaches
     * the agent's command line.
     */
    public static final int SPEC_JSON_MAX_CHARS = 64 * 1024;
}
