package io.tracejob.api.v1alpha1.validation;

/**
 * Every pattern, length limit and range of the TraceJob API, in one place: the schema annotations
 * on the model and {@link SpecValidator} both read these constants, so the CRD and the agent's own
 * check cannot drift apart.
 *
 * <p>Patterns are written in the subset shared by Java regex and RE2 (the API server and CEL use
 * RE2): no look-around, no back-references. They are anchored because OpenAPI patterns are not.
 */
public final class Rules {
    private Rules() {}

    // --- paths
    // ---------------------------------------------------------------------------------------

    /** One path segment other than {@code .} and {@code ..} (written without look-ahead). */
    private static final String SEGMENT_CHAR = "[A-Za-z0-9._+@~-]";

    private static final String SEGMENT =
            "("
                    + "[A-Za-z0-9_+@~-]"
                    + SEGMENT_CHAR
                    + "*"
                    + "|\\.[A-Za-z0-9_+@~-]"
                    + SEGMENT_CHAR
                    + "*"
                    + "|\\.\\."
                    + SEGMENT_CHAR
                    + "+"
                    + ")";

    /**
     * Absolute path: segments of letters, digits and {@code . _ + @ ~ -}; no {@code .} or {@code
     * ..} segment, no {@code //}, no trailing {@code /}.
     */
    public static final String ABSOLUTE_PATH = "^(/" + SEGMENT + ")+$";

    public static final int ABSOLUTE_PATH_MAX = 1024;
    public static final String ABSOLUTE_PATH_RULE =
            "must be an absolute path of letters, digits and . _ + @ ~ - with no '.' or '..' segment";

    // --- symbols and names
    // ---------------------------------------------------------------------------

    /**
     * An ELF symbol as it appears in the symbol table: C ({@code match_order}), mangled C++/Rust
     * ({@code _ZN3foo3barEv}, {@code _ZN4core3fmt5write17h0123E}, {@code _ZN..$LT$..$GT$..}) or Go
     * ({@code main.(*Book).Match}, {@code github.com/a/b.Sum[go.shape.int]}). A {@code (} is only
     * accepted right after a {@code .} (Go's method receivers), so {@code $(} can never appear.
     */
    public static final String SYMBOL = "^[A-Za-z_]([A-Za-z0-9_.$*/,%\\[\\]-]|\\.\\(|\\))*$";

    public static final int SYMBOL_MAX = 1024;
    public static final String SYMBOL_RULE =
            "must be an ELF symbol: starts with a letter or _, then letters, digits"
                    + " and _ . $ * / , % [ ] - ; '(' only right after '.' (Go receivers such as main.(*Book).Match)";

    /** A C identifier: USDT providers and probe names, tracepoint fields. */
    public static final String IDENTIFIER = "^[A-Za-z_][A-Za-z0-9_]*$";

    public static final int IDENTIFIER_MAX = 128;
    public static final String IDENTIFIER_RULE =
            "must be a C identifier (letters, digits and _, not starting with a digit)";

    /** A tracepoint as {@code category:name}, as listed under /sys/kernel/tracing/events. */
    public static final String TRACEPOINT = "^[A-Za-z0-9_-]{1,64}:[A-Za-z0-9_]{1,128}$";

    public static final int TRACEPOINT_MAX = 193;
    public static final String TRACEPOINT_RULE =
            "must be category:name (category of letters, digits, _ and -;"
                    + " name of letters, digits and _), e.g. block:block_rq_issue";

    /** Correlation key of a tracepoint pair: {@code thread}, or a field present in both events. */
    public static final String TRACEPOINT_KEY = IDENTIFIER;

    public static final String TRACEPOINT_KEY_DEFAULT = "thread";

    // --- Kubernetes names
    // -----------------------------------------------------------------------------

    /** RFC 1123 subdomain: pod names. */
    public static final String DNS_SUBDOMAIN =
            "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

    public static final int DNS_SUBDOMAIN_MAX = 253;
    public static final String DNS_SUBDOMAIN_RULE =
            "must be a Kubernetes object name (lower-case letters, digits, - and .)";

    /** RFC 1123 label: container names. */
    public static final String DNS_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

    public static final int DNS_LABEL_MAX = 63;
    public static final String DNS_LABEL_RULE =
            "must be a container name (lower-case letters, digits and -)";

    /** Label key: optional DNS-subdomain prefix and '/', then a name of at most 63 characters. */
    public static final String LABEL_KEY =
            "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
                    + "[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$";

    public static final int LABEL_KEY_MAX = 317;
    public static final String LABEL_KEY_RULE =
            "must be a label key such as app or example.com/tier";
    public static final String LABEL_VALUE = "^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$";
    public static final int LABEL_VALUE_MAX = 63;
    public static final String LABEL_VALUE_RULE =
            "must be a label value (letters, digits, - _ . inside)";
    public static final String SELECTOR_OPERATOR = "^(In|NotIn|Exists|DoesNotExist)$";
    public static final String SELECTOR_OPERATOR_RULE = "must be In, NotIn, Exists or DoesNotExist";

    // --- durations
    // ------------------------------------------------------------------------------------

    /**
     * A Kubernetes (Go) duration string such as {@code 10s}, {@code 1m30s}, {@code 500ms}, {@code
     * 2h}.
     */
    public static final String DURATION = "^([0-9]{1,12}(\\.[0-9]{1,9})?(ns|us|ms|s|m|h))+$";

    public static final int DURATION_MAX = 32;
    public static final String DURATION_RULE =
            "must be a duration such as 10s, 1m30s, 500ms or 2h (units ns, us, ms, s, m, h)";

    public static final String DURATION_MIN = "1s";
    public static final String INTERVAL_DEFAULT = "10s";
    public static final String INTERVAL_MIN = "1s";
    public static final String PRE_TRACE_DEFAULT = "5s";
    public static final String PRE_TRACE_MIN = "1s";
    public static final String PRE_TRACE_MAX = "30s";

    /**
     * Pods pre-traced by one pick Slowest by probe (each is an agent pod); more candidates are
     * narrowed first (by CPU usage).
     */
    public static final int PRE_TRACE_CANDIDATES_MIN = 1;

    public static final int PRE_TRACE_CANDIDATES_MAX = 50;
    public static final int PRE_TRACE_CANDIDATES_DEFAULT = 10;

    // --- target ranking
    // --------------------------------------------------------------------------------

    public static final String HTTP_URL =
            "^https?://[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?(/[A-Za-z0-9._~/-]*)?$";
    public static final int HTTP_URL_MAX = 2048;
    public static final String HTTP_URL_RULE =
            "must be an http(s) URL of host, optional port and path (no query string, no credentials)";

    /**
     * PromQL: any printable ASCII on one line. It goes to Prometheus URL-encoded, never to a shell.
     */
    public static final String PROMQL = "^[ -~]+$";

    public static final int PROMQL_MAX = 4096;
    public static final String PROMQL_RULE = "must be printable ASCII on one line";

    public static final String PROMETHEUS_LABEL = "^[A-Za-z_][A-Za-z0-9_]*$";
    public static final int PROMETHEUS_LABEL_MAX = 128;
    public static final String PROMETHEUS_LABEL_RULE =
            "must be a Prometheus label name (letters, digits and _)";
    public static final String POD_LABEL_DEFAULT = "pod";

    public static final int MAX_PODS_MIN = 1;
    public static final int MAX_PODS_MAX = 50;
    public static final int MAX_PODS_DEFAULT = 10;

    // --- budgets and limits
    // ----------------------------------------------------------------------------

    public static final double MAX_CPU_PERCENT_DEFAULT = 1.0;

    /** Exclusive lower bound: a budget of 0 would never allow a single firing. */
    public static final double MAX_CPU_PERCENT_MIN = 0.0;

    public static final double MAX_CPU_PERCENT_MAX = 100.0;

    public static final int SIGNIFICANT_DIGITS_MIN = 1;
    public static final int SIGNIFICANT_DIGITS_MAX = 3;
    public static final int SIGNIFICANT_DIGITS_DEFAULT = 2;

    public static final int TTL_SECONDS_DEFAULT = 86400;

    // --- schedules
    // -------------------------------------------------------------------------------------

    /** Five cron fields or a macro, as cron-utils reads them (see {@link CronSchemaRules}). */
    public static final String CRON = CronSchemaRules.PATTERN;

    public static final int CRON_MAX = 256;
    public static final String CRON_RULE = CronSchemaRules.PATTERN_RULE;

    /** IANA time-zone name, e.g. {@code Europe/Berlin}, {@code Etc/GMT+5}, {@code UTC}. */
    public static final String TIME_ZONE = "^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$";

    public static final int TIME_ZONE_MAX = 64;
    public static final String TIME_ZONE_RULE =
            "must be an IANA time-zone name such as Europe/Berlin or UTC";

    public static final int SUCCESSFUL_HISTORY_DEFAULT = 3;
    public static final int FAILED_HISTORY_DEFAULT = 1;
    public static final int HISTORY_LIMIT_MAX = 100;

    // --- status
    // ----------------------------------------------------------------------------------------
    // Written by the operator only, which keeps to these limits (it shortens messages); they bound
    // the size of a TraceJob's status, which etcd stores with the object (1.5 MiB at most, whole).

    /** Entries of status.perPod: one per agent, and pick All runs at most maxPods agents. */
    public static final int PER_POD_MAX = MAX_PODS_MAX;

    /**
     * Entries of status.target.candidates: the slowest ones; a selector may match hundreds of pods,
     * and selectedBy says how many were ranked.
     */
    public static final int CANDIDATES_MAX = 50;

    /**
     * Entries of status.queuedOn: a job waits on the nodes of its agents (at most maxPods) or of
     * its pre-trace agents (at most probe.maxCandidates).
     */
    public static final int QUEUED_ON_MAX =
            PER_POD_MAX > PRE_TRACE_CANDIDATES_MAX ? PER_POD_MAX : PRE_TRACE_CANDIDATES_MAX;

    /** Entries of status.nodeGaps: at most one per node an agent of the job ran on. */
    public static final int NODE_GAPS_MAX = QUEUED_ON_MAX;

    /** A failure reason such as AgentOOMKilled. */
    public static final int REASON_MAX = 128;

    /** A message in words in a status entry; longer ones are cut with an ellipsis. */
    public static final int STATUS_MESSAGE_MAX = 1024;
}
