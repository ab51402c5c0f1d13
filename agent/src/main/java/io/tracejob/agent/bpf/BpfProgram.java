package io.tracejob.agent.bpf;

import com.sun.jna.Memory;
import io.tracejob.agent.bpf.asm.Insn;
import io.tracejob.agent.sys.Errno;
import io.tracejob.agent.sys.KernelFd;
import io.tracejob.agent.sys.SyscallException;
import io.tracejob.agent.sys.uapi.ObjInfoAttr;
import io.tracejob.agent.sys.uapi.ProgInfo;
import io.tracejob.agent.sys.uapi.ProgLoadAttr;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A loaded BPF program, owned through its fd. Attaching (perf event) takes its own kernel
 * reference.
 */
public final class BpfProgram implements AutoCloseable {
    /** Log buffer for the diagnostic reload; the kernel caps it at UINT_MAX >> 2. */
    private static final int LOG_START = 1 << 20, LOG_MAX = 64 << 20;

    private final ProgramType type;
    private final String name;
    private final int insnCount;
    private final KernelFd fd;

    private BpfProgram(int fd, ProgramType type, String name, int insnCount) {
        this.fd = new KernelFd(fd, "program '" + name + "'");
        this.type = type;
        this.name = name;
        this.insnCount = insnCount;
    }

    /**
     * Loads without a verifier log (no cost on the happy path); on failure reloads once with log
     * level 1 and a large buffer and throws {@link VerifierException} carrying that log.
     */
    public static BpfProgram load(ProgramType type, String name, List<Insn> insns, String license)
            throws SyscallException {
        return load(type, 0, name, insns, license);
    }

    /**
     * @param expectedAttachType enum bpf_attach_type the program is loaded for (0 when the type
     *     needs none), e.g. {@link UprobeMultiLink#ATTACH_TYPE} for a program a uprobe_multi link
     *     will run
     */
    public static BpfProgram load(
            ProgramType type, int expectedAttachType, String name, List<Insn> insns, String license)
            throws SyscallException {
        String checked = ObjectName.check("program", name);
        if (insns == null || insns.isEmpty())
            throw new IllegalArgumentException("program '" + name + "': no instructions");
        byte[] image = new byte[insns.size() * 8];
        for (int i = 0; i < insns.size(); i++) insns.get(i).encode(image, i * 8);
        Memory code = new Memory(image.length);
        code.write(0, image, 0, image.length);
        String lic = license == null ? "" : license;

        String op =
                "bpf(BPF_PROG_LOAD) of "
                        + type
                        + " program '"
                        + name
                        + "' ("
                        + insns.size()
                        + " insns)";
        long r = new ProgLoadAttr(type.code, code, lic, checked, expectedAttachType).callOrErrno();
        if (r >= 0) return new BpfProgram((int) r, type, checked, insns.size());
        int firstErrno = (int) -r;
        if (firstErrno == Errno.EPERM) {
            throw new VerifierException(
                    op,
                    firstErrno,
                    io.tracejob.agent.sys.Capabilities.hint("CAP_BPF", "CAP_PERFMON"),
                    "");
        }

        for (int logSize = LOG_START; ; logSize *= 4) {
            Memory log = new Memory(logSize);
            log.setByte(0, (byte) 0);
            r =
                    new ProgLoadAttr(type.code, code, lic, checked, expectedAttachType)
                            .withLog(log)
                            .callOrErrno();
            if (r >= 0)
                return new BpfProgram(
                        (int) r, type, checked, insns.size()); // transient failure the first time
            int errno = (int) -r;
            if (errno == Errno.ENOSPC && logSize < LOG_MAX) continue;
            String text = log.getString(0, StandardCharsets.US_ASCII.name());
            throw new VerifierException(op, errno, loadHint(errno), text);
        }
    }

    private static String loadHint(int errno) {
        return switch (errno) {
            case Errno.EACCES -> "the verifier rejected the program";
            case Errno.EINVAL ->
                    "the verifier or the loader rejected the program (bad instruction, helper or program type)";
            case Errno.E2BIG -> "program too large";
            case Errno.ENOSPC -> "verifier log exceeds " + (LOG_MAX >> 20) + " MiB";
            default -> null;
        };
    }

    public int fd() {
        return fd.get();
    }

    public ProgramType type() {
        return type;
    }

    public String name() {
        return name;
    }

    public int insnCount() {
        return insnCount;
    }

    /**
     * Run count and total run time; they advance only while {@link BpfStats} is enabled somewhere.
     */
    public ProgramStats stats() throws SyscallException {
        ProgInfo info = new ProgInfo();
        ObjInfoAttr attr = new ObjInfoAttr(fd(), info);
        try {
            attr.call();
        } catch (SyscallException e) {
            throw new SyscallException(
                    "bpf(BPF_OBJ_GET_INFO_BY_FD) of program '" + name + "'", e.errno(), null);
        }
        int returned = attr.infoLength();
        if (!ProgInfo.hasRunStats(returned)) {
            throw new UnsupportedOperationException(
                    "kernel returned a "
                            + returned
                            + "-byte bpf_prog_info without run_cnt/run_time_ns (needs 5.1+)");
        }
        return new ProgramStats(info.runCount(), info.runTimeNanos());
    }

    @Override
    public void close() {
        fd.close();
    }

    @Override
    public String toString() {
        return type + " program '" + name + "' fd " + fd.peek();
    }
}
