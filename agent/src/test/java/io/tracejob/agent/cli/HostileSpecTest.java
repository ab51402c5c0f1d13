package io.tracejob.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tracejob.agent.sys.Syscalls;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Over a thousand hostile or malformed spec values through both entry points, {@code run} (a
 * manifest file) and {@code pod} (the operator's {@code --spec-json}): every one exits non-zero
 * with a message naming the field, and not one bpf(2) or perf_event_open(2) call is made.
 */
class HostileSpecTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path dir;

    static final List<String> HOSTILE =
            List.of(
                    "a;rm -rf /",
                    "$(id)",
                    "`id`",
                    "a\nb",
                    "line\r\nbreak",
                    "a\"b",
                    "a'b",
                    "a b",
                    "{}",
                    "a}b{",
                    "..",
                    "../../etc/passwd",
                    "/usr/../etc/shadow",
                    "/proc/self/mem",
                    "/proc/self/exe",
                    "/sys/kernel/notes",
                    "/dev/mem",
                    "",
                    " ",
                    "x".repeat(5000),
                    "nul\u0000byte",
                    "a|b",
                    "a&&b",
                    ">out",
                    "%s%n%n",
                    "\\x41",
                    "printf(\"x\")",
                    "ééé",
                    "a*b",
                    "a?b",
                    "#comment",
                    "~root",
                    "-rf",
                    "--help",
                    "uprobe:/bin/sh:main { system(\"id\"); }",
                    "BEGIN { exit(); }",
                    "relative/path",
                    "//double",
                    "/trailing/",
                    "/a/./b",
                    "${HOME}",
                    "@h = hist(1)",
                    "a,b",
                    "\t",
                    "\u202eevil",
                    "/bin/sh -c id");

    /** field path in the spec → a base spec in which that field is in play */
    record Slot(String path, String family) {}

    static final List<Slot> STRING_SLOTS =
            List.of(
                    new Slot("probe.binary", "Uprobe"),
                    new Slot("probe.function", "Uprobe"),
                    new Slot("probe.usdt.provider", "Usdt"),
                    new Slot("probe.usdt.start", "Usdt"),
                    new Slot("probe.usdt.end", "Usdt"),
                    new Slot("probe.tracepoint.start", "Tracepoint"),
                    new Slot("probe.tracepoint.end", "Tracepoint"),
                    new Slot("probe.tracepoint.key", "Tracepoint"),
                    new Slot("duration", "Uprobe"),
                    new Slot("interval", "Uprobe"),
                    new Slot("target.podName", "Uprobe"),
                    new Slot("target.container", "Uprobe"));

    static ObjectNode base(String family) {
        ObjectNode spec = JSON.createObjectNode();
        spec.putObject("target").put("podName", "match-engine-0");
        ObjectNode probe = spec.putObject("probe").put("family", family);
        switch (family) {
            case "Uprobe" -> probe.put("binary", "/usr/bin/true").put("function", "main");
            case "Usdt" -> {
                probe.put("binary", "/usr/bin/true");
                probe.putObject("usdt").put("provider", "p").put("start", "s").put("end", "e");
            }
            case "Tracepoint" ->
                    probe.putObject("tracepoint")
                            .put("start", "syscalls:sys_enter_read")
                            .put("end", "syscalls:sys_exit_read");
            default -> throw new IllegalArgumentException(family);
        }
        spec.put("duration", "5s");
        return spec;
    }

    static void set(ObjectNode spec, String path, Object value) {
        String[] parts = path.split("\\.");
        ObjectNode at = spec;
        for (int i = 0; i < parts.length - 1; i++) at = (ObjectNode) at.get(parts[i]);
        String leaf = parts[parts.length - 1];
        if (value instanceof String s) at.put(leaf, s);
        else if (value instanceof Long l) at.put(leaf, l);
        else if (value instanceof Double d) at.put(leaf, d);
        else at.putPOJO(leaf, value);
    }

    record Case(String field, ObjectNode spec) {}

    static List<Case> cases() {
        List<Case> out = new ArrayList<>();
        for (Slot slot : STRING_SLOTS) {
            for (String v : HOSTILE) {
                ObjectNode s = base(slot.family());
                set(s, slot.path(), v);
                out.add(new Case(slot.path(), s));
            }
        }
        Object[][] numbers = {
            {"probe.offset", -1L},
            {"probe.offset", Long.MIN_VALUE},
            {"probe.offset", 1e30},
            {"probe.offset", "4; id"},
            {"overheadBudget.maxCpuPercent", -1.0},
            {"overheadBudget.maxCpuPercent", 1e308},
            {"overheadBudget.maxCpuPercent", "NaN"},
            {"overheadBudget.maxCpuPercent", 0.0},
            {"overheadBudget.maxCpuPercent", 100.5},
            {"histogram.significantDigits", 0L},
            {"histogram.significantDigits", 4L},
            {"histogram.significantDigits", -1L},
            {"histogram.significantDigits", 999_999_999_999L},
            {"ttlSecondsAfterFinished", -1L},
            {"target.maxPods", 0L},
            {"target.maxPods", 51L},
            {"target.maxPods", -5L}
        };
        for (Object[] n : numbers) {
            ObjectNode s = base("Uprobe");
            if (n[0].toString().startsWith("overheadBudget")) s.putObject("overheadBudget");
            if (n[0].toString().startsWith("histogram")) s.putObject("histogram");
            set(s, n[0].toString(), n[1]);
            out.add(new Case(n[0].toString(), s));
        }
        String[][] enums = {
            {"probe.family", "Bogus"},
            {"probe.family", "uprobe"},
            {"probe.family", ""},
            {"probe.family", "Uprobe;id"},
            {"probe.measure", "Histogram"},
            {"probe.measure", "latency"},
            {"target.pick", "Fastest"}
        };
        for (String[] e : enums) {
            ObjectNode s = base("Uprobe");
            set(s, e[0], e[1]);
            out.add(new Case(e[0], s));
        }
        for (String v : HOSTILE) {
            ObjectNode s = base("Uprobe");
            s.putObject("overheadBudget").put("onExceed", v);
            out.add(new Case("overheadBudget.onExceed", s));
        }
        ObjectNode unknown = base("Uprobe");
        ((ObjectNode) unknown.get("probe")).put("script", "BEGIN { system(\"id\") }");
        out.add(new Case("probe.script", unknown));
        return out;
    }

    record Outcome(int exit, String err) {}

    static boolean isSchemaValid(String specJson) {
        try {
            return io.tracejob.api.v1alpha1.validation.SpecValidator.validate(
                            io.tracejob.api.v1alpha1.read.SpecReader.readSpecJson(specJson, "spec"))
                    .isEmpty();
        } catch (IllegalArgumentException unreadable) {
            return false;
        }
    }

    static Outcome exec(String... args) {
        StringWriter err = new StringWriter();
        var cl = AgentMain.commandLine();
        cl.setErr(new PrintWriter(err, true));
        return new Outcome(cl.execute(args), err.toString());
    }

    @Test
    void everyHostileValueIsRefusedNamingItsFieldBeforeTheKernelIsTouched() throws Exception {
        List<Case> cases = cases();
        long kernelCallsBefore = Syscalls.kernelCalls();
        long bpfFdsBefore = RunErrorsTest.bpfFds();
        int checked = 0;
        List<String> schemaValid = new ArrayList<>();
        String self = Long.toString(ProcessHandle.current().pid());
        for (Case c : cases) {
            String json = JSON.writeValueAsString(c.spec());
            boolean valid = isSchemaValid(json);
            Path manifest = dir.resolve("job.yaml");
            Files.writeString(
                    manifest,
                    "{\"apiVersion\":\"tracing.tracejob.io/v1alpha1\",\"kind\":\"TraceJob\",\"metadata\":{\"name\":\"h\"},\"spec\":"
                            + json
                            + "}");
            Outcome run = exec("run", "-f", manifest.toString(), "--pid", self);
            Outcome pod =
                    exec(
                            "pod",
                            "--spec-json",
                            json,
                            "--container-id",
                            "containerd://" + "ab".repeat(32),
                            "--pod-uid",
                            UUID.randomUUID().toString(),
                            "--result-file",
                            dir.resolve("termination").toString());
            if (valid) {
                // Odd but legal (a Go symbol may contain '*'): it only ever becomes a symbol-table
                // lookup, which fails.
                schemaValid.add(c.field() + "=" + json);
                assertThat(run.exit()).isNotZero();
                assertThat(pod.exit()).isNotZero();
                continue;
            }
            for (Outcome o : List.of(run, pod)) {
                assertThat(o.exit()).as("exit for %s = %s", c.field(), json).isEqualTo(2);
                assertThat(o.err())
                        .as("message for %s = %s", c.field(), json)
                        .contains(c.field())
                        .doesNotContain("Exception");
                assertThat(o.err().strip().lines().count())
                        .as("one line for %s", c.field())
                        .isEqualTo(1);
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(1000);
        assertThat(schemaValid).as("values the schema allows").hasSizeLessThanOrEqualTo(3);
        assertThat(Syscalls.kernelCalls())
                .as("bpf/perf_event_open calls during hostile input")
                .isEqualTo(kernelCallsBefore);
        assertThat(RunErrorsTest.bpfFds()).isEqualTo(bpfFdsBefore);
    }
}
