package io.tracejob.agent.sys.uapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracejob.agent.bpf.MapType;
import io.tracejob.agent.bpf.ProgramType;
import io.tracejob.agent.sys.BpfCommand;
import io.tracejob.agent.testsupport.Gcc;
import io.tracejob.agent.testsupport.Kernel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins every typed syscall layout against the installed uapi headers (linux-libc-dev), with the C
 * compiler as the oracle: a generated C program prints offsetof()/sizeof() of each field we write
 * and the value of each uapi constant we use, and the test compares them with ours. Fields newer
 * than the headers (sinceKernel) are checked only where the headers have them.
 */
class UapiLayoutTest {
    static final List<StructLayout> BPF_ATTR_LAYOUTS =
            List.of(
                    MapCreateAttr.LAYOUT,
                    MapElemAttr.LAYOUT,
                    MapBatchAttr.LAYOUT,
                    ProgLoadAttr.LAYOUT,
                    ObjInfoAttr.LAYOUT,
                    RawTracepointOpenAttr.LAYOUT,
                    EnableStatsAttr.LAYOUT,
                    LinkCreateUprobeMultiAttr.LAYOUT);
    static final List<StructLayout> ALL =
            concat(BPF_ATTR_LAYOUTS, List.of(ProgInfo.LAYOUT, PerfEventAttr.LAYOUT));

    /** "kind name" → the numbers the compiler printed for it */
    private static final Map<String, long[]> printed = new HashMap<>();

    private static int headerVersion;

    @BeforeAll
    static void askTheCompiler(@TempDir Path dir) throws Exception {
        Kernel.requireCommand("gcc");
        Path src = dir.resolve("layout.c");
        Files.writeString(src, program());
        Path bin = Gcc.compileFile(src, dir.resolve("layout"));
        Process p = new ProcessBuilder(bin.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        for (String line : out.split("\n")) {
            String[] w = line.split(" ");
            long[] numbers = new long[w.length - 2];
            for (int i = 2; i < w.length; i++) numbers[i - 2] = Long.parseLong(w[i]);
            printed.put(w[0] + " " + w[1], numbers);
        }
        headerVersion = (int) printed.get("version headers")[0];
    }

    @Test
    void everyFieldSitsWhereTheHeadersPutIt() {
        List<String> checked = new ArrayList<>(), unchecked = new ArrayList<>();
        for (StructLayout layout : ALL) {
            for (StructField f : layout.fields()) {
                if (f == PerfEventAttr.FLAGS) continue; // a bit-field word: see the next test
                String id = layout.cType() + "." + f.designator();
                long[] c = printed.get("field " + id.replace(' ', '_'));
                if (c == null) {
                    assertThat(f.sinceKernel())
                            .as(id + " is missing from the headers but claims no minimum kernel")
                            .isNotNull();
                    assertThat(kernelVersion(f.sinceKernel()))
                            .as(id + " should be in these headers")
                            .isGreaterThan(headerVersion);
                    unchecked.add(id);
                    continue;
                }
                assertThat(f.offset())
                        .as("offsetof(" + layout.cType() + ", " + f.designator() + ")")
                        .isEqualTo((int) c[0]);
                assertThat(f.width()).as("sizeof(" + id + ")").isEqualTo((int) c[1]);
                checked.add(id);
            }
        }
        assertThat(checked).hasSizeGreaterThanOrEqualTo(30);
        System.out.printf(
                "uapi layouts: %d fields checked against headers 0x%x; newer than the headers: %s%n",
                checked.size(), headerVersion, unchecked);
    }

    @Test
    void perfEventFlagsWordHoldsDisabledInBitZero() {
        long[] c = printed.get("bitfield perf_event_attr.disabled");
        assertThat(PerfEventAttr.FLAGS.offset())
                .as("the u64 holding perf_event_attr.disabled")
                .isEqualTo((int) c[0]);
        assertThat(PerfEventAttr.FLAG_DISABLED).isEqualTo(c[1]);
    }

    @Test
    void structureSizesCoverTheHeaders() {
        assertThat(BpfAttr.SIZE)
                .as("sizeof(union bpf_attr)")
                .isGreaterThanOrEqualTo((int) printed.get("size union_bpf_attr")[0]);
        assertThat(PerfEventAttr.SIZE).isEqualTo((int) printed.get("const PERF_ATTR_SIZE_VER7")[0]);
        assertThat(ProgInfo.LAYOUT.size())
                .as("sizeof(struct bpf_prog_info)")
                .isLessThanOrEqualTo((int) printed.get("size struct_bpf_prog_info")[0]);
    }

    @Test
    void commandsTypesAndFlagsHaveTheHeadersNumbers() {
        for (BpfCommand cmd : BpfCommand.values())
            assertThat(cmd.code).as(cmd.uapiName()).isEqualTo(constant(cmd.uapiName()));
        for (MapType t : MapType.values())
            assertThat(t.code).as("BPF_MAP_TYPE_" + t).isEqualTo(constant("BPF_MAP_TYPE_" + t));
        for (ProgramType t : ProgramType.values())
            assertThat(t.code).as("BPF_PROG_TYPE_" + t).isEqualTo(constant("BPF_PROG_TYPE_" + t));
        assertThat(EnableStatsAttr.RUN_TIME).isEqualTo(constant("BPF_STATS_RUN_TIME"));
        assertThat(PerfEventAttr.TYPE_TRACEPOINT).isEqualTo(constant("PERF_TYPE_TRACEPOINT"));
        if (headerVersion >= kernelVersion("6.6")) {
            assertThat(LinkCreateUprobeMultiAttr.BPF_TRACE_UPROBE_MULTI)
                    .isEqualTo(constant("BPF_TRACE_UPROBE_MULTI"));
            assertThat(LinkCreateUprobeMultiAttr.FLAG_RETURN)
                    .isEqualTo(constant("BPF_F_UPROBE_MULTI_RETURN"));
        }
    }

    private static int constant(String name) {
        long[] c = printed.get("const " + name);
        assertThat(c).as(name + " printed by the compiler").isNotNull();
        return (int) c[0];
    }

    private static String program() {
        StringBuilder c =
                new StringBuilder(
                        """
                #include <stddef.h>
                #include <stdio.h>
                #include <stdint.h>
                #include <string.h>
                #include <linux/version.h>
                #include <linux/bpf.h>
                #include <linux/perf_event.h>
                #define FIELD(T, N, M) printf("field %s.%s %zu %zu\\n", N, #M, offsetof(T, M), sizeof(((T *)0)->M))
                #define CONST(X) printf("const %s %lld\\n", #X, (long long)(X))
                int main(void) {
                    printf("version headers %d\\n", LINUX_VERSION_CODE);
                    printf("size union_bpf_attr %zu\\n", sizeof(union bpf_attr));
                    printf("size struct_bpf_prog_info %zu\\n", sizeof(struct bpf_prog_info));
                    CONST(PERF_ATTR_SIZE_VER7);
                    CONST(BPF_STATS_RUN_TIME);
                    CONST(PERF_TYPE_TRACEPOINT);
                    struct perf_event_attr pa;
                    memset(&pa, 0, sizeof pa);
                    pa.disabled = 1;
                    for (size_t off = 0; off + 8 <= sizeof pa; off += 8) {
                        uint64_t w;
                        memcpy(&w, (char *)&pa + off, 8);
                        if (w) printf("bitfield perf_event_attr.disabled %zu %llu\\n", off, (unsigned long long)w);
                    }
                """);
        for (BpfCommand cmd : BpfCommand.values())
            c.append("    CONST(").append(cmd.uapiName()).append(");\n");
        for (MapType t : MapType.values())
            c.append("    CONST(BPF_MAP_TYPE_").append(t).append(");\n");
        for (ProgramType t : ProgramType.values())
            c.append("    CONST(BPF_PROG_TYPE_").append(t).append(");\n");
        c.append(
                "#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)\n    CONST(BPF_TRACE_UPROBE_MULTI);\n    CONST(BPF_F_UPROBE_MULTI_RETURN);\n#endif\n");
        for (StructLayout layout : ALL) {
            for (StructField f : layout.fields()) {
                if (f == PerfEventAttr.FLAGS) continue;
                String[] since = f.sinceKernel() == null ? null : f.sinceKernel().split("\\.");
                if (since != null)
                    c.append("#if LINUX_VERSION_CODE >= KERNEL_VERSION(")
                            .append(since[0])
                            .append(", ")
                            .append(since[1])
                            .append(", 0)\n");
                c.append("    FIELD(")
                        .append(layout.cType())
                        .append(", \"")
                        .append(layout.cType().replace(' ', '_'))
                        .append("\", ")
                        .append(f.designator())
                        .append(");\n");
                if (since != null) c.append("#endif\n");
            }
        }
        return c.append("    return 0;\n}\n").toString();
    }

    private static int kernelVersion(String majorMinor) {
        String[] v = majorMinor.split("\\.");
        return (Integer.parseInt(v[0]) << 16) + (Integer.parseInt(v[1]) << 8);
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
