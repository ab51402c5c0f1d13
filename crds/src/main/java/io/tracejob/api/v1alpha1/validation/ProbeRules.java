package io.tracejob.api.v1alpha1.validation;

import static io.tracejob.api.v1alpha1.validation.Checks.*;

import io.tracejob.api.v1alpha1.Measure;
import io.tracejob.api.v1alpha1.Probe;
import io.tracejob.api.v1alpha1.ProbeFamily;
import io.tracejob.api.v1alpha1.TracepointPair;
import io.tracejob.api.v1alpha1.UsdtProbe;
import java.util.List;

/**
 * The rules for {@code spec.probe}: each family's fields, and what may reach a probe program or a
 * path.
 */
final class ProbeRules {
    private ProbeRules() {}

    static void validateProbe(String at, Probe probe, List<Violation> out) {
        if (probe == null) {
            out.add(Violation.of(at, "is required", null));
            return;
        }
        optionalString(
                out,
                at + ".binary",
                probe.getBinary(),
                Rules.ABSOLUTE_PATH,
                Rules.ABSOLUTE_PATH_MAX,
                Rules.ABSOLUTE_PATH_RULE);
        optionalString(
                out,
                at + ".function",
                probe.getFunction(),
                Rules.SYMBOL,
                Rules.SYMBOL_MAX,
                Rules.SYMBOL_RULE);
        if (probe.getOffset() != null && probe.getOffset() < 0) {
            out.add(Violation.of(at + ".offset", "must be at least 0", probe.getOffset()));
        }
        UsdtProbe usdt = probe.getUsdt();
        if (usdt != null) {
            requiredString(
                    out,
                    at + ".usdt.provider",
                    usdt.getProvider(),
                    Rules.IDENTIFIER,
                    Rules.IDENTIFIER_MAX,
                    Rules.IDENTIFIER_RULE);
            requiredString(
                    out,
                    at + ".usdt.start",
                    usdt.getStart(),
                    Rules.IDENTIFIER,
                    Rules.IDENTIFIER_MAX,
                    Rules.IDENTIFIER_RULE);
            optionalString(
                    out,
                    at + ".usdt.end",
                    usdt.getEnd(),
                    Rules.IDENTIFIER,
                    Rules.IDENTIFIER_MAX,
                    Rules.IDENTIFIER_RULE);
        }
        TracepointPair tp = probe.getTracepoint();
        if (tp != null) {
            requiredString(
                    out,
                    at + ".tracepoint.start",
                    tp.getStart(),
                    Rules.TRACEPOINT,
                    Rules.TRACEPOINT_MAX,
                    Rules.TRACEPOINT_RULE);
            optionalString(
                    out,
                    at + ".tracepoint.end",
                    tp.getEnd(),
                    Rules.TRACEPOINT,
                    Rules.TRACEPOINT_MAX,
                    Rules.TRACEPOINT_RULE);
            optionalString(
                    out,
                    at + ".tracepoint.key",
                    tp.getKey(),
                    Rules.TRACEPOINT_KEY,
                    Rules.IDENTIFIER_MAX,
                    Rules.IDENTIFIER_RULE);
        }
        optionalString(
                out,
                at + ".valueField",
                probe.getValueField(),
                Rules.IDENTIFIER,
                Rules.IDENTIFIER_MAX,
                Rules.IDENTIFIER_RULE);

        ProbeFamily family = probe.getFamily();
        if (family == null) {
            out.add(Violation.of(at + ".family", "is required", null));
            return;
        }
        Measure measure = probe.getMeasure() == null ? Measure.Latency : probe.getMeasure();
        boolean hasBinary = probe.getBinary() != null;
        boolean hasFunction = probe.getFunction() != null;
        // Same order and wording as the CEL rules on Probe.
        rule(
                out,
                at + ".binary",
                family != ProbeFamily.Uprobe || hasBinary,
                CelRules.UPROBE_BINARY_MSG);
        rule(
                out,
                at + ".function",
                family != ProbeFamily.Uprobe || hasFunction,
                CelRules.UPROBE_FUNCTION_MSG);
        rule(
                out,
                at + ".binary",
                family != ProbeFamily.Usdt || hasBinary,
                CelRules.USDT_BINARY_MSG);
        rule(
                out,
                at + ".usdt",
                family != ProbeFamily.Usdt || usdt != null,
                CelRules.USDT_REQUIRED_MSG);
        rule(
                out,
                at + ".tracepoint",
                family != ProbeFamily.Tracepoint || tp != null,
                CelRules.TRACEPOINT_REQUIRED_MSG);
        rule(
                out,
                at + ".function",
                !(family == ProbeFamily.Kprobe || family == ProbeFamily.Kfunc) || hasFunction,
                CelRules.KERNEL_FUNCTION_MSG);
        rule(out, at + ".usdt", usdt == null || family == ProbeFamily.Usdt, CelRules.USDT_ONLY_MSG);
        rule(
                out,
                at + ".tracepoint",
                tp == null || family == ProbeFamily.Tracepoint,
                CelRules.TRACEPOINT_ONLY_MSG);
        rule(
                out,
                at + ".function",
                !hasFunction
                        || family == ProbeFamily.Uprobe
                        || family == ProbeFamily.Kprobe
                        || family == ProbeFamily.Kfunc,
                CelRules.FUNCTION_ONLY_MSG);
        rule(
                out,
                at + ".binary",
                !hasBinary || family == ProbeFamily.Uprobe || family == ProbeFamily.Usdt,
                CelRules.BINARY_ONLY_MSG);
        rule(
                out,
                at + ".binary",
                !hasBinary
                        || !(probe.getBinary().startsWith("/proc/")
                                || probe.getBinary().startsWith("/sys/")
                                || probe.getBinary().startsWith("/dev/")),
                CelRules.BINARY_NOT_PSEUDO_FS_MSG);
        rule(
                out,
                at + ".offset",
                probe.getOffset() == null
                        || family == ProbeFamily.Uprobe
                        || family == ProbeFamily.Kprobe,
                CelRules.OFFSET_ONLY_MSG);
        rule(
                out,
                at + ".valueField",
                measure != Measure.Value || probe.getValueField() != null,
                CelRules.VALUE_FIELD_REQUIRED_MSG);
        rule(
                out,
                at + ".valueField",
                probe.getValueField() == null || measure == Measure.Value,
                CelRules.VALUE_FIELD_ONLY_MSG);
        rule(
                out,
                at + ".measure",
                measure != Measure.Value || family == ProbeFamily.Tracepoint,
                CelRules.VALUE_TRACEPOINT_MSG);
        rule(
                out,
                at + ".usdt.end",
                measure != Measure.Latency || usdt == null || usdt.getEnd() != null,
                CelRules.USDT_END_FOR_LATENCY_MSG);
        rule(
                out,
                at + ".tracepoint.end",
                measure != Measure.Latency || tp == null || tp.getEnd() != null,
                CelRules.TRACEPOINT_END_FOR_LATENCY_MSG);
    }
}
