package io.tracejob.agent.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.Memory;
import io.tracejob.agent.testsupport.Kernel;
import org.junit.jupiter.api.Test;

class SyscallsTest {

    @Test
    void syscallNumbersFollowTheArchitecture() {
        assertThat(SyscallNumbers.forArch("amd64"))
                .extracting(SyscallNumbers::bpf, SyscallNumbers::perfEventOpen)
                .containsExactly(321L, 298L);
        assertThat(SyscallNumbers.forArch("aarch64"))
                .extracting(SyscallNumbers::bpf, SyscallNumbers::perfEventOpen)
                .containsExactly(280L, 241L);
        assertThatThrownBy(() -> SyscallNumbers.forArch("riscv64"))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("os.arch=riscv64")
                .hasMessageContaining("x86_64 and aarch64");
    }

    @Test
    void exceptionNamesTheCallTheErrnoAndTheHint() {
        SyscallException e =
                new SyscallException(
                        "bpf(BPF_PROG_LOAD)", Errno.EPERM, "needs CAP_BPF + CAP_PERFMON");
        assertThat(e.errno()).isEqualTo(1);
        assertThat(e.errnoName()).isEqualTo("EPERM");
        assertThat(e)
                .hasMessage(
                        "bpf(BPF_PROG_LOAD) failed: EPERM (operation not permitted) — needs CAP_BPF + CAP_PERFMON");
        assertThat(new SyscallException("x", 9999, null))
                .hasMessage("x failed: errno 9999 (unknown error)");
    }

    @Test
    void aRealKernelRejectionBecomesASyscallExceptionWithItsErrno() {
        Kernel.requireEbpf();
        Memory attr = new Memory(160);
        attr.clear();
        attr.setInt(0, 0x7fff); // no such map type
        attr.setInt(4, 4);
        attr.setInt(8, 8);
        attr.setInt(12, 1);
        assertThatThrownBy(() -> Syscalls.bpf(BpfCommand.MAP_CREATE, attr, 160))
                .isInstanceOfSatisfying(
                        SyscallException.class, e -> assertThat(e.errnoName()).isEqualTo("EINVAL"))
                .hasMessageStartingWith("bpf(BPF_MAP_CREATE) failed: EINVAL (invalid argument)");
    }

    @Test
    void ioctlOnABadFdFailsWithEbadf() {
        assertThatThrownBy(() -> Syscalls.ioctl(987654, 0x2400, 0, "PERF_EVENT_IOC_ENABLE"))
                .isInstanceOfSatisfying(
                        SyscallException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EBADF))
                .hasMessageStartingWith("ioctl(PERF_EVENT_IOC_ENABLE) failed: EBADF");
    }
}
