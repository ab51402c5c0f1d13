package io.tracejob.agent.bpftrace;

import io.tracejob.agent.btf.VmlinuxBtf;
import com.sun.jna.Memory;
import io.tracejob.agent.sys.BpfCommand;
import io.tracejob.agent.sys.Syscalls;
import java.nio.file.Files;
import java.util.OptionalInt;

/**
 * Whether this node lets us load an fentry (kfunc) program, decided by loading the smallest one there is
 * ({@code r0 = 0; exit}) against {@code vfs_read} and closing it at once. This is cheaper and more exact than a
 * bpftrace trial: it attaches nothing, takes a few milliseconds, and yields the kernel's errno (bpftrace 0.17
 * only prints "kfunc/kretfunc not available for your kernel version" whatever the cause).
 */
final class FentryTrial {
    /** Always present in BTF and never inlined; any traceable function would do. */
    static final String TARGET = "vfs_read";
    private static final int PROG_TYPE_TRACING = 26, TRACE_FENTRY = 24, ATTR_SIZE = 160;

    private FentryTrial() {}

    /** The outcome: {@code errno == 0} when allowed; {@code detail} says what was tried. */
    record Outcome(int errno, String detail) {
        boolean allowed() {
            return errno == 0;
        }
    }

    static Outcome run() {
        if (!Files.exists(VmlinuxBtf.VMLINUX)) return new Outcome(-1, "no kernel BTF at " + VmlinuxBtf.VMLINUX);
        OptionalInt id;
        try {
            id = VmlinuxBtf.funcId(VmlinuxBtf.VMLINUX, TARGET);
        } catch (Exception e) {
            return new Outcome(-1, "cannot read " + VmlinuxBtf.VMLINUX + ": " + e.getMessage());
        }
        if (id.isEmpty()) return new Outcome(-1, TARGET + " is not a function in " + VmlinuxBtf.VMLINUX);

        Memory insns = new Memory(16);
        insns.clear();
        insns.setByte(0, (byte) 0xb7); // BPF_ALU64 | BPF_MOV | BPF_K, dst r0, imm 0
        insns.setByte(8, (byte) 0x95); // BPF_JMP | BPF_EXIT
        Memory license = new Memory(4);
        license.setString(0, "GPL", "US-ASCII");
        Memory attr = new Memory(ATTR_SIZE);
        attr.clear();
        attr.setInt(0, PROG_TYPE_TRACING);
        attr.setInt(4, 2);
        attr.setPointer(8, insns);
        attr.setPointer(16, license);
        attr.setInt(68, TRACE_FENTRY); // expected_attach_type
        attr.setInt(108, id.getAsInt()); // attach_btf_id
        long r = Syscalls.bpfOrErrno(BpfCommand.PROG_LOAD, attr, ATTR_SIZE);
        String what = "bpf(BPF_PROG_LOAD) of an empty fentry program for " + TARGET + " (BTF id " + id.getAsInt() + ")";
        if (r >= 0) {
            Syscalls.close((int) r);
            return new Outcome(0, what + " succeeded");
        }
        return new Outcome((int) -r, what + " failed");
    }
}
