package io.tracejob.api.v1alpha1.validation;

/**
 * The CEL rules of the CRD with their messages. The model's {@code @ValidationRule} annotations use
 * the expressions; {@link SpecValidator} implements the same rules in Java and reports the same
 * messages. Rules run after the API server has applied schema defaults, so defaulted fields (such
 * as {@code probe.measure}) are always present.
 */
public final class CelRules {
    private CelRules() {}

    /**
     * Every field but {@code stop} stays as created; {@code stop} may only go from unset or false
     * to true (a stopped job stays stopped). Each field is named: a new spec field must be added
     * here (CrdSchemaTest checks that every field but stop is).
     */
    public static final String SPEC_IMMUTABLE =
            "self.target == oldSelf.target && self.probe == oldSelf.probe"
                    + " && self.duration == oldSelf.duration && self.interval == oldSelf.interval"
                    + " && self.overheadBudget == oldSelf.overheadBudget"
                    + " && self.histogram == oldSelf.histogram"
                    + " && self.ttlSecondsAfterFinished == oldSelf.ttlSecondsAfterFinished"
                    + " && (!has(oldSelf.stop) || !oldSelf.stop || (has(self.stop) && self.stop))";

    public static final String SPEC_IMMUTABLE_MSG =
            "spec is immutable except stop, which can only be set to true: delete the TraceJob"
                    + " and create a new one";

    /** A schedule's template cannot be stopped: every run would end before it began. */
    public static final String TEMPLATE_NOT_STOPPED = "!has(self.stop) || !self.stop";

    public static final String TEMPLATE_NOT_STOPPED_MSG =
            "stop must not be set in a schedule's template (every run would end at once): suspend"
                    + " the schedule, or use the kill switch";

    public static final String TARGET_ONE_OF = "has(self.podName) != has(self.selector)";
    public static final String TARGET_ONE_OF_MSG =
            "exactly one of target.podName or target.selector must be set";

    public static final String SLOWEST_BY_ONE_OF =
            "(has(self.prometheus) ? 1 : 0) + (has(self.cpu) ? 1 : 0) + (has(self.probe) ? 1 : 0) == 1";
    public static final String SLOWEST_BY_ONE_OF_MSG =
            "target.slowestBy must set exactly one of prometheus, cpu or probe";

    public static final String DURATION_MIN =
            "duration(self) >= duration('" + Rules.DURATION_MIN + "')";
    public static final String DURATION_MIN_MSG = "duration must be at least " + Rules.DURATION_MIN;

    public static final String INTERVAL_MIN =
            "duration(self) >= duration('" + Rules.INTERVAL_MIN + "')";
    public static final String INTERVAL_MIN_MSG = "interval must be at least " + Rules.INTERVAL_MIN;

    public static final String PRE_TRACE_RANGE =
            "duration(self) >= duration('"
                    + Rules.PRE_TRACE_MIN
                    + "') && duration(self) <= duration('"
                    + Rules.PRE_TRACE_MAX
                    + "')";
    public static final String PRE_TRACE_RANGE_MSG =
            "target.slowestBy.probe.duration must be between "
                    + Rules.PRE_TRACE_MIN
                    + " and "
                    + Rules.PRE_TRACE_MAX;

    public static final String UPROBE_BINARY = "self.family != 'Uprobe' || has(self.binary)";
    public static final String UPROBE_BINARY_MSG =
            "probe.binary is required when probe.family is Uprobe";

    public static final String UPROBE_FUNCTION = "self.family != 'Uprobe' || has(self.function)";
    public static final String UPROBE_FUNCTION_MSG =
            "probe.function is required when probe.family is Uprobe";

    public static final String USDT_BINARY = "self.family != 'Usdt' || has(self.binary)";
    public static final String USDT_BINARY_MSG =
            "probe.binary is required when probe.family is Usdt";

    public static final String USDT_REQUIRED = "self.family != 'Usdt' || has(self.usdt)";
    public static final String USDT_REQUIRED_MSG =
            "probe.usdt is required when probe.family is Usdt";

    public static final String TRACEPOINT_REQUIRED =
            "self.family != 'Tracepoint' || has(self.tracepoint)";
    public static final String TRACEPOINT_REQUIRED_MSG =
            "probe.tracepoint is required when probe.family is Tracepoint";

    public static final String KERNEL_FUNCTION =
            "!(self.family in ['Kprobe', 'Kfunc']) || has(self.function)";
    public static final String KERNEL_FUNCTION_MSG =
            "probe.function is required when probe.family is Kprobe or Kfunc";

    public static final String USDT_ONLY = "!has(self.usdt) || self.family == 'Usdt'";
    public static final String USDT_ONLY_MSG =
            "probe.usdt is only allowed when probe.family is Usdt";

    public static final String TRACEPOINT_ONLY =
            "!has(self.tracepoint) || self.family == 'Tracepoint'";
    public static final String TRACEPOINT_ONLY_MSG =
            "probe.tracepoint is only allowed when probe.family is Tracepoint";

    public static final String FUNCTION_ONLY =
            "!has(self.function) || self.family in ['Uprobe', 'Kprobe', 'Kfunc']";
    public static final String FUNCTION_ONLY_MSG =
            "probe.function is only allowed when probe.family is Uprobe, Kprobe or Kfunc";

    public static final String BINARY_ONLY =
            "!has(self.binary) || self.family in ['Uprobe', 'Usdt']";
    public static final String BINARY_ONLY_MSG =
            "probe.binary is only allowed when probe.family is Uprobe or Usdt";

    /**
     * Pseudo filesystems hold no program files; {@code /proc/self/...} would even name the agent
     * itself.
     */
    public static final String BINARY_NOT_PSEUDO_FS =
            "!has(self.binary) || !(self.binary.startsWith('/proc/') || self.binary.startsWith('/sys/') || self.binary.startsWith('/dev/'))";

    public static final String BINARY_NOT_PSEUDO_FS_MSG =
            "probe.binary must not be under /proc, /sys or /dev";

    public static final String OFFSET_ONLY =
            "!has(self.offset) || self.family in ['Uprobe', 'Kprobe']";
    public static final String OFFSET_ONLY_MSG =
            "probe.offset is only allowed when probe.family is Uprobe or Kprobe";

    public static final String VALUE_FIELD_REQUIRED =
            "self.measure != 'Value' || has(self.valueField)";
    public static final String VALUE_FIELD_REQUIRED_MSG =
            "probe.valueField is required when probe.measure is Value";

    public static final String VALUE_FIELD_ONLY =
            "!has(self.valueField) || self.measure == 'Value'";
    public static final String VALUE_FIELD_ONLY_MSG =
            "probe.valueField is only allowed when probe.measure is Value";

    public static final String VALUE_TRACEPOINT =
            "self.measure != 'Value' || self.family == 'Tracepoint'";
    public static final String VALUE_TRACEPOINT_MSG =
            "probe.measure Value is only supported when probe.family is Tracepoint";

    public static final String USDT_END_FOR_LATENCY =
            "self.measure != 'Latency' || !has(self.usdt) || has(self.usdt.end)";
    public static final String USDT_END_FOR_LATENCY_MSG =
            "probe.usdt.end is required when probe.measure is Latency";

    public static final String TRACEPOINT_END_FOR_LATENCY =
            "self.measure != 'Latency' || !has(self.tracepoint) || has(self.tracepoint.end)";
    public static final String TRACEPOINT_END_FOR_LATENCY_MSG =
            "probe.tracepoint.end is required when probe.measure is Latency";
}
