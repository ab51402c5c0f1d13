package io.tracejob.agent.btf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracejob.agent.testsupport.Kernel;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class VmlinuxBtfTest {

    /**
     * A hand-made BTF: every kind with trailing data before the FUNC, so a wrong size skips or
     * misreads it.
     */
    @Test
    void findsTheFuncIdPastEveryVariableSizedKind() {
        String strings = "\0int\0s\0a\0b\0e\0x\0proto_arg\0target_fn\0v\0sec\0";
        int sInt = 1,
                sS = 5,
                sA = 7,
                sB = 9,
                sE = 11,
                sX = 13,
                sArg = 15,
                sFn = 25,
                sV = 35,
                sSec = 37;
        ByteBuffer t = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        type(t, sInt, 1, 0, 4);
        t.putInt(0x20); // 1 INT + 4
        type(t, 0, 2, 0, 1); // 2 PTR
        type(t, 0, 3, 0, 0);
        t.putInt(1).putInt(1).putInt(8); // 3 ARRAY + 12
        type(t, sS, 4, 2, 16);
        member(t, sA, 1, 0);
        member(t, sB, 2, 64); // 4 STRUCT vlen 2
        type(t, sE, 6, 2, 4);
        t.putInt(sA).putInt(0).putInt(sB).putInt(1); // 5 ENUM vlen 2
        type(t, sV, 14, 0, 1);
        t.putInt(1); // 6 VAR + 4
        type(t, sSec, 15, 1, 8);
        t.putInt(6).putInt(0).putInt(4); // 7 DATASEC vlen 1
        type(t, sX, 19, 1, 8);
        t.putInt(sA).putInt(1).putInt(0); // 8 ENUM64 vlen 1
        type(t, 0, 13, 1, 1);
        t.putInt(sArg).putInt(2); // 9 FUNC_PROTO vlen 1
        type(t, sFn, 12, 0, 9); // 10 FUNC target_fn
        byte[] btf = btf(t, strings);

        assertThat(VmlinuxBtf.funcId(btf, "target_fn")).hasValue(10);
        assertThat(VmlinuxBtf.funcId(btf, "target")).isEmpty(); // prefix of a name
        assertThat(VmlinuxBtf.funcId(btf, "int")).isEmpty(); // not a FUNC
        assertThat(VmlinuxBtf.types(btf).count()).isEqualTo(10);
        assertThat(VmlinuxBtf.types(btf).name(4)).isEqualTo("s");
    }

    /**
     * Members found through anonymous unions (offsets add up), bitfields refused, raw tracepoint
     * arity from its typedef.
     */
    @Test
    void findsMemberOffsetsAndRawTracepointArity() {
        String strings = "\0int\0task\0pid\0tgid\0flags\0btf_trace_tp\0";
        int sInt = 1, sTask = 5, sPid = 10, sTgid = 14, sFlags = 19, sTp = 25;
        ByteBuffer t = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        type(t, sInt, 1, 0, 4);
        t.putInt(0x20); // 1 INT
        type(t, 0, 5, 1, 8);
        member(t, sTgid, 1, 32); // 2 anonymous UNION { tgid at bit 32 }
        t.putInt(sTask)
                .putInt((1 << 31) | (4 << 24) | 3)
                .putInt(64); // 3 STRUCT task, kind_flag, vlen 3
        member(t, sPid, 1, 64 * 8); //   pid at byte 64
        member(t, 0, 2, 64 * 8); //   anonymous union at byte 64
        member(t, sFlags, 1, (3 << 24) | (72 * 8)); //   flags: a 3-bit bitfield
        type(t, 0, 13, 3, 0);
        t.putInt(0)
                .putInt(2)
                .putInt(0)
                .putInt(2)
                .putInt(0)
                .putInt(1); // 4 FUNC_PROTO (void*, ptr, int)
        type(t, 0, 2, 0, 4); // 5 PTR to 4
        type(t, sTp, 8, 0, 5); // 6 TYPEDEF btf_trace_tp
        VmlinuxBtf.Types types = VmlinuxBtf.types(btf(t, strings));

        assertThat(VmlinuxBtf.memberOffset(types, "task", "pid")).hasValue(64);
        assertThat(VmlinuxBtf.memberOffset(types, "task", "tgid")).hasValue(68);
        assertThat(VmlinuxBtf.memberOffset(types, "task", "flags")).isEmpty();
        assertThat(VmlinuxBtf.memberOffset(types, "task", "nothing")).isEmpty();
        assertThat(VmlinuxBtf.memberOffset(types, "nostruct", "pid")).isEmpty();
        assertThat(VmlinuxBtf.rawTracepointArgs(types, "tp")).hasValue(2);
        assertThat(VmlinuxBtf.rawTracepointArgs(types, "other")).isEmpty();
    }

    /**
     * The kernel's own: task_struct.tgid right after pid (include/linux/sched.h), fork passes
     * (parent, child).
     */
    @Test
    void realVmlinuxHasTheFollowersFacts() throws Exception {
        Kernel.requireEbpf();
        VmlinuxBtf.Types t = VmlinuxBtf.read();
        int pid = VmlinuxBtf.memberOffset(t, "task_struct", "pid").orElseThrow();
        assertThat(VmlinuxBtf.memberOffset(t, "task_struct", "tgid")).hasValue(pid + 4);
        assertThat(VmlinuxBtf.rawTracepointArgs(t, "sched_process_fork")).hasValue(2);
        assertThat(VmlinuxBtf.rawTracepointArgs(t, "sched_process_exit").orElseThrow())
                .isBetween(1, 2);
    }

    @Test
    void rejectsWhatIsNotBtf() {
        assertThatThrownBy(() -> VmlinuxBtf.funcId(new byte[64], "x"))
                .hasMessageContaining("bad magic");
        assertThatThrownBy(() -> VmlinuxBtf.funcId(new byte[3], "x"))
                .hasMessageContaining("not BTF");
    }

    /**
     * The real kernel's BTF parses exactly to the section's end and the trial function is a FUNC of
     * a FUNC_PROTO.
     */
    @Test
    void realVmlinuxParsesToTheEndAndFuncsPointAtProtos() throws Exception {
        Kernel.requireEbpf();
        Path p = Path.of("/sys/kernel/btf/vmlinux");
        Kernel.require(Files.exists(p), "kernel BTF at " + p);
        byte[] raw = Files.readAllBytes(p);
        VmlinuxBtf.Types t = VmlinuxBtf.types(raw); // throws if any kind's size were wrong
        assertThat(t.count()).isGreaterThan(10_000);
        int funcs = 0;
        for (int id = 1; id <= t.count(); id++) {
            if (t.kind()[id] != VmlinuxBtf.KIND_FUNC) continue;
            funcs++;
            assertThat(t.kind()[t.type()[id]])
                    .as("FUNC %s's type", t.name(id))
                    .isEqualTo(VmlinuxBtf.KIND_FUNC_PROTO);
        }
        assertThat(funcs).isGreaterThan(1_000);
        int id = VmlinuxBtf.funcId(raw, "vfs_read").orElseThrow();
        assertThat(t.name(id)).isEqualTo("vfs_read");
        // every kernel function named in /proc/kallsyms with a BTF FUNC: spot-check the trial
        // functions are real symbols
        String kallsyms = Files.readString(Path.of("/proc/kallsyms"));
        assertThat(kallsyms).contains(" vfs_read\n");
    }

    @Test
    void vmlinuxBtfFindsFunctionsByNameOnly() throws Exception {
        Kernel.require(Files.exists(VmlinuxBtf.VMLINUX), "kernel BTF");
        var read = VmlinuxBtf.funcId(VmlinuxBtf.VMLINUX, "vfs_read");
        var write = VmlinuxBtf.funcId(VmlinuxBtf.VMLINUX, "vfs_write");
        assertThat(read).isPresent();
        assertThat(write).isPresent();
        assertThat(read.getAsInt()).isNotEqualTo(write.getAsInt());
        assertThat(VmlinuxBtf.funcId(VmlinuxBtf.VMLINUX, "vfs_rea")).isEmpty();
        assertThat(VmlinuxBtf.funcId(VmlinuxBtf.VMLINUX, "no_such_function_tracejob")).isEmpty();
    }

    private static void type(ByteBuffer b, int nameOff, int kind, int vlen, int sizeOrType) {
        b.putInt(nameOff).putInt((kind << 24) | vlen).putInt(sizeOrType);
    }

    private static void member(ByteBuffer b, int nameOff, int type, int bitOffset) {
        b.putInt(nameOff).putInt(type).putInt(bitOffset);
    }

    private static byte[] btf(ByteBuffer types, String strings) {
        byte[] s = strings.getBytes(StandardCharsets.US_ASCII);
        int typeLen = types.position();
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putShort((short) 0xeB9F)
                .put((byte) 1)
                .put((byte) 0)
                .putInt(24)
                .putInt(0)
                .putInt(typeLen)
                .putInt(typeLen)
                .putInt(s.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(h.array());
        out.write(types.array(), 0, typeLen);
        out.writeBytes(s);
        return out.toByteArray();
    }
}
