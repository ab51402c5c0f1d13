package io.tracejob.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.tracejob.api.v1alpha1.validation.CelRules;
import io.tracejob.api.v1alpha1.validation.Rules;

/** What to measure in the target: where the probe attaches and what the histogram records. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "family",
    "binary",
    "function",
    "offset",
    "usdt",
    "tracepoint",
    "measure",
    "valueField"
})
@ValidationRule(value = CelRules.UPROBE_BINARY, message = CelRules.UPROBE_BINARY_MSG)
@ValidationRule(value = CelRules.UPROBE_FUNCTION, message = CelRules.UPROBE_FUNCTION_MSG)
@ValidationRule(value = CelRules.USDT_BINARY, message = CelRules.USDT_BINARY_MSG)
@ValidationRule(value = CelRules.USDT_REQUIRED, message = CelRules.USDT_REQUIRED_MSG)
@ValidationRule(value = CelRules.TRACEPOINT_REQUIRED, message = CelRules.TRACEPOINT_REQUIRED_MSG)
@ValidationRule(value = CelRules.KERNEL_FUNCTION, message = CelRules.KERNEL_FUNCTION_MSG)
@ValidationRule(value = CelRules.USDT_ONLY, message = CelRules.USDT_ONLY_MSG)
@ValidationRule(value = CelRules.TRACEPOINT_ONLY, message = CelRules.TRACEPOINT_ONLY_MSG)
@ValidationRule(value = CelRules.FUNCTION_ONLY, message = CelRules.FUNCTION_ONLY_MSG)
@ValidationRule(value = CelRules.BINARY_ONLY, message = CelRules.BINARY_ONLY_MSG)
@ValidationRule(value = CelRules.BINARY_NOT_PSEUDO_FS, message = CelRules.BINARY_NOT_PSEUDO_FS_MSG)
@ValidationRule(value = CelRules.OFFSET_ONLY, message = CelRules.OFFSET_ONLY_MSG)
@ValidationRule(value = CelRules.VALUE_FIELD_REQUIRED, message = CelRules.VALUE_FIELD_REQUIRED_MSG)
@ValidationRule(value = CelRules.VALUE_FIELD_ONLY, message = CelRules.VALUE_FIELD_ONLY_MSG)
@ValidationRule(value = CelRules.VALUE_TRACEPOINT, message = CelRules.VALUE_TRACEPOINT_MSG)
@ValidationRule(value = CelRules.USDT_END_FOR_LATENCY, message = CelRules.USDT_END_FOR_LATENCY_MSG)
@ValidationRule(
        value = CelRules.TRACEPOINT_END_FOR_LATENCY,
        message = CelRules.TRACEPOINT_END_FOR_LATENCY_MSG)
public class Probe {

    @Required
    @JsonPropertyDescription(
            "How the probe attaches: Uprobe (a function in a program or shared library), Usdt (a"
                    + " start/end pair of USDT probes), Tracepoint (a start/end pair of kernel tracepoints), Kprobe or Kfunc"
                    + " (a kernel function).")
    private ProbeFamily family;

    @Pattern(Rules.ABSOLUTE_PATH)
    @Size(max = Rules.ABSOLUTE_PATH_MAX)
    @JsonPropertyDescription(
            "Absolute path, inside the target container, of the program or shared library that holds"
                    + " the function or USDT probes. For Uprobe and Usdt only.")
    private String binary;

    @Pattern(Rules.SYMBOL)
    @Size(max = Rules.SYMBOL_MAX)
    @JsonPropertyDescription(
            "Symbol name as in the ELF symbol table: C (match_order), mangled C++ or Rust"
                    + " (_ZN3foo3barEv), Go (main.(*Book).Match). For Uprobe, Kprobe and Kfunc.")
    private String function;

    @Min(0)
    @JsonPropertyDescription(
            "Bytes from the start of the symbol at which to attach, instead of its entry."
                    + " For Uprobe and Kprobe only.")
    private Long offset;

    @JsonPropertyDescription("The USDT probes to pair (family Usdt).")
    private UsdtProbe usdt;

    @JsonPropertyDescription("The kernel tracepoints to pair (family Tracepoint).")
    private TracepointPair tracepoint;

    @Default("Latency")
    @JsonPropertyDescription(
            "What the histogram records: Latency (entry to return, or start to end), Count (firings"
                    + " only), Value (the numeric tracepoint field named by valueField).")
    private Measure measure = Measure.Latency;

    @Pattern(Rules.IDENTIFIER)
    @Size(max = Rules.IDENTIFIER_MAX)
    @JsonPropertyDescription(
            "Numeric field of the start tracepoint whose values make the histogram (e.g. srtt of"
                    + " tcp:tcp_probe). Required when measure is Value, not allowed otherwise.")
    private String valueField;

    public ProbeFamily getFamily() {
        return family;
    }

    public void setFamily(ProbeFamily family) {
        this.family = family;
    }

    public String getBinary() {
        return binary;
    }

    public void setBinary(String binary) {
        this.binary = binary;
    }

    public String getFunction() {
        return function;
    }

    public void setFunction(String function) {
        this.function = function;
    }

    public Long getOffset() {
        return offset;
    }

    public void setOffset(Long offset) {
        this.offset = offset;
    }

    public UsdtProbe getUsdt() {
        return usdt;
    }

    public void setUsdt(UsdtProbe usdt) {
        this.usdt = usdt;
    }

    public TracepointPair getTracepoint() {
        return tracepoint;
    }

    public void setTracepoint(TracepointPair tracepoint) {
        this.tracepoint = tracepoint;
    }

    public Measure getMeasure() {
        return measure;
    }

    public void setMeasure(Measure measure) {
        this.measure = measure;
    }

    public String getValueField() {
        return valueField;
    }

    public void setValueField(String valueField) {
        this.valueField = valueField;
    }
}
