package io.tracejob.agent.safety;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The node check's probe process: a static x86-64 Linux executable of a few hundred bytes, built
 * here from bytes.
 *
 * <p>Why bytes and not a compiled binary: the agent image holds no compiler, and a binary shipped
 * as a jar resource would have to be built at Maven build time on every build machine (a static,
 * libc-free link) and kept in step with this class by hand. The program needs six system calls and
 * one function, so its machine code is written out below instruction by instruction; {@code
 * ProbeElfTest} assembles the same listing ({@code
 * src/test/resources/targets/uretprobe_seccomp_probe.s}) with GNU as and asserts the bytes are
 * identical, and runs the image.
 *
 * <p>What it does: {@code prctl(PR_SET_NO_NEW_PRIVS)} (so an unprivileged process may install a
 * filter), installs an allow-list seccomp filter that allows only read, write and exit_group and
 * kills the process on anything else — the uretprobe system call (335) included — writes {@code R}
 * to stdout, waits for one byte on stdin (the agent attaches its probes in between), then calls
 * {@link #PROBED_OFFSET probed(n)} {@link #CALLS} times, checks each return value and exits 0. Each
 * failure has its own exit status (see {@link #meaning(int)}).
 */
final class ProbeElf {
    /** calls of the probed function after the go byte */
    static final int CALLS = 1000;

    static final long BASE = 0x400000;
    private static final int EHDR = 64, PHDR = 56, PHNUM = 2;

    /**
     * file offset of the first instruction: after the ELF header and two program headers,
     * 16-aligned
     */
    static final int CODE = (EHDR + PHNUM * PHDR + 15) & ~15;

    static final int EXIT_NO_NEW_PRIVS = 10,
            EXIT_SECCOMP = 11,
            EXIT_READY = 12,
            EXIT_GO = 13,
            EXIT_WRONG_RESULT = 14;

    /** where probed() starts in the code, and so the uprobe's file offset less {@link #CODE} */
    private static final int PROBED_IN_CODE = 0xaa;

    /** where lea rax, [rip + filter] ends: its displacement counts from here */
    private static final int LEA_END = 0x2a;

    private static final int LEA_DISPLACEMENT = 0x8e;

    private static final byte[] TEXT =
            code(
                    // prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
                    0xb8,
                    0x9d,
                    0x00,
                    0x00,
                    0x00, // 00 mov eax, 157 (prctl)
                    0xbf,
                    0x26,
                    0x00,
                    0x00,
                    0x00, // 05 mov edi, 38 (PR_SET_NO_NEW_PRIVS)
                    0xbe,
                    0x01,
                    0x00,
                    0x00,
                    0x00, // 0a mov esi, 1
                    0x31,
                    0xd2, // 0f xor edx, edx
                    0x45,
                    0x31,
                    0xd2, // 11 xor r10d, r10d
                    0x45,
                    0x31,
                    0xc0, // 14 xor r8d, r8d
                    0x0f,
                    0x05, // 17 syscall
                    0xbf,
                    0x0a,
                    0x00,
                    0x00,
                    0x00, // 19 mov edi, 10 (EXIT_NO_NEW_PRIVS)
                    0x48,
                    0x85,
                    0xc0, // 1e test rax, rax
                    0x75,
                    0x7f, // 21 jnz fail
                    // seccomp(SECCOMP_SET_MODE_FILTER, 0, &{9, filter}): the sock_fprog is built on
                    // the stack
                    0x48,
                    0x8d,
                    0x05,
                    0x8e,
                    0x00,
                    0x00,
                    0x00, // 23 lea rax, [rip + filter]
                    0x50, // 2a push rax (fprog.filter)
                    0x6a,
                    0x09, // 2b push 9 (fprog.len, then padding)
                    0x48,
                    0x89,
                    0xe2, // 2d mov rdx, rsp
                    0xb8,
                    0x3d,
                    0x01,
                    0x00,
                    0x00, // 30 mov eax, 317 (seccomp)
                    0xbf,
                    0x01,
                    0x00,
                    0x00,
                    0x00, // 35 mov edi, 1 (SECCOMP_SET_MODE_FILTER)
                    0x31,
                    0xf6, // 3a xor esi, esi
                    0x0f,
                    0x05, // 3c syscall
                    0xbf,
                    0x0b,
                    0x00,
                    0x00,
                    0x00, // 3e mov edi, 11 (EXIT_SECCOMP)
                    0x48,
                    0x85,
                    0xc0, // 43 test rax, rax
                    0x75,
                    0x5a, // 46 jnz fail
                    // write(1, "R", 1): the filter is in place
                    0xc6,
                    0x04,
                    0x24,
                    0x52, // 48 mov byte ptr [rsp], 'R'
                    0xb8,
                    0x01,
                    0x00,
                    0x00,
                    0x00, // 4c mov eax, 1 (write)
                    0xbf,
                    0x01,
                    0x00,
                    0x00,
                    0x00, // 51 mov edi, 1
                    0x48,
                    0x89,
                    0xe6, // 56 mov rsi, rsp
                    0xba,
                    0x01,
                    0x00,
                    0x00,
                    0x00, // 59 mov edx, 1
                    0x0f,
                    0x05, // 5e syscall
                    0xbf,
                    0x0c,
                    0x00,
                    0x00,
                    0x00, // 60 mov edi, 12 (EXIT_READY)
                    0x48,
                    0x83,
                    0xf8,
                    0x01, // 65 cmp rax, 1
                    0x75,
                    0x37, // 69 jne fail
                    // read(0, rsp, 1): the go byte, sent once the probes are attached
                    0x31,
                    0xc0, // 6b xor eax, eax (read)
                    0x31,
                    0xff, // 6d xor edi, edi
                    0x48,
                    0x89,
                    0xe6, // 6f mov rsi, rsp
                    0xba,
                    0x01,
                    0x00,
                    0x00,
                    0x00, // 72 mov edx, 1
                    0x0f,
                    0x05, // 77 syscall
                    0xbf,
                    0x0d,
                    0x00,
                    0x00,
                    0x00, // 79 mov edi, 13 (EXIT_GO)
                    0x48,
                    0x83,
                    0xf8,
                    0x01, // 7e cmp rax, 1
                    0x75,
                    0x1e, // 82 jne fail
                    // for (ebx = CALLS; ebx != 0; ebx--) if (probed(ebx) != ebx + 1) exit(14)
                    0xbb,
                    0xe8,
                    0x03,
                    0x00,
                    0x00, // 84 mov ebx, 1000 (CALLS)
                    0x89,
                    0xdf, // 89 again: mov edi, ebx
                    0xe8,
                    0x1a,
                    0x00,
                    0x00,
                    0x00, // 8b call probed
                    0x8d,
                    0x4b,
                    0x01, // 90 lea ecx, [rbx + 1]
                    0xbf,
                    0x0e,
                    0x00,
                    0x00,
                    0x00, // 93 mov edi, 14 (EXIT_WRONG_RESULT)
                    0x39,
                    0xc8, // 98 cmp eax, ecx
                    0x75,
                    0x06, // 9a jne fail
                    0xff,
                    0xcb, // 9c dec ebx
                    0x75,
                    0xe9, // 9e jnz again
                    0x31,
                    0xff, // a0 xor edi, edi
                    0xb8,
                    0xe7,
                    0x00,
                    0x00,
                    0x00, // a2 fail: mov eax, 231 (exit_group)
                    0x0f,
                    0x05, // a7 syscall
                    0xf4, // a9 hlt (not reached)
                    // probed(n) = n + 1, with a frame-pointer prologue like most functions: an
                    // emulated uprobe site
                    0x55, // aa probed: push rbp
                    0x48,
                    0x89,
                    0xe5, // ab mov rbp, rsp
                    0x8d,
                    0x47,
                    0x01, // ae lea eax, [rdi + 1]
                    0x5d, // b1 pop rbp
                    0xc3); // b2 ret

    // classic BPF for seccomp: struct sock_filter { u16 code; u8 jt; u8 jf; u32 k; }
    private static final int LD_W_ABS = 0x20, JEQ_K = 0x15, RET_K = 0x06;
    private static final int SECCOMP_DATA_NR = 0, SECCOMP_DATA_ARCH = 4;
    private static final long AUDIT_ARCH_X86_64 = 0xc000003eL;
    private static final long RET_KILL_PROCESS = 0x80000000L, RET_ALLOW = 0x7fff0000L;
    private static final int NR_READ = 0, NR_WRITE = 1, NR_EXIT_GROUP = 231;

    /**
     * Allow read, write and exit_group on x86-64; kill the process on anything else, uretprobe
     * (335) included.
     */
    private static final long[][] FILTER = {
        {LD_W_ABS, 0, 0, SECCOMP_DATA_ARCH},
        {JEQ_K, 1, 0, AUDIT_ARCH_X86_64},
        {RET_K, 0, 0, RET_KILL_PROCESS},
        {LD_W_ABS, 0, 0, SECCOMP_DATA_NR},
        {JEQ_K, 3, 0, NR_READ},
        {JEQ_K, 2, 0, NR_WRITE},
        {JEQ_K, 1, 0, NR_EXIT_GROUP},
        {RET_K, 0, 0, RET_KILL_PROCESS},
        {RET_K, 0, 0, RET_ALLOW},
    };

    /** the filter sits right after the code, 8-aligned */
    private static final int FILTER_IN_CODE = (TEXT.length + 7) & ~7;

    static {
        // The hand-written displacement and length must match where the filter lands.
        if (LEA_END + LEA_DISPLACEMENT != FILTER_IN_CODE || TEXT[0x2c] != FILTER.length) {
            throw new IllegalStateException(
                    "probe process image: filter offset or length out of step with the code");
        }
    }

    private ProbeElf() {}

    /** The uprobe's file offset: probed()'s first instruction. */
    static long probedFileOffset() {
        return CODE + PROBED_IN_CODE;
    }

    /** The machine code alone, as GNU as would emit it from the listing. */
    static byte[] text() {
        return TEXT.clone();
    }

    /** The whole executable. */
    static byte[] image() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(TEXT);
        body.writeBytes(new byte[FILTER_IN_CODE - TEXT.length]);
        for (long[] insn : FILTER) {
            ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            b.putShort((short) insn[0])
                    .put((byte) insn[1])
                    .put((byte) insn[2])
                    .putInt((int) insn[3]);
            body.writeBytes(b.array());
        }
        byte[] program = body.toByteArray();
        int size = CODE + program.length;
        ByteBuffer elf = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        // ELF header: 64-bit, little-endian, ET_EXEC for x86-64 (EM_X86_64 = 62), entry at the
        // first instruction
        elf.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        elf.putShort((short) 2).putShort((short) 62).putInt(1);
        elf.putLong(BASE + CODE).putLong(EHDR).putLong(0);
        elf.putInt(0).putShort((short) EHDR).putShort((short) PHDR).putShort((short) PHNUM);
        elf.putShort((short) 64).putShort((short) 0).putShort((short) 0);
        // PT_LOAD: the whole file, read + execute, at BASE
        elf.putInt(1)
                .putInt(5)
                .putLong(0)
                .putLong(BASE)
                .putLong(BASE)
                .putLong(size)
                .putLong(size)
                .putLong(0x1000);
        // PT_GNU_STACK: a non-executable stack
        elf.putInt(0x6474e551)
                .putInt(6)
                .putLong(0)
                .putLong(0)
                .putLong(0)
                .putLong(0)
                .putLong(0)
                .putLong(16);
        elf.position(CODE);
        elf.put(program);
        return elf.array();
    }

    /** What a non-zero exit status of the probe process means. */
    static String meaning(int exit) {
        return switch (exit) {
            case EXIT_NO_NEW_PRIVS -> "prctl(PR_SET_NO_NEW_PRIVS) failed";
            case EXIT_SECCOMP ->
                    "seccomp(SECCOMP_SET_MODE_FILTER) failed (a kernel without CONFIG_SECCOMP_FILTER?)";
            case EXIT_READY -> "writing its ready byte to stdout failed";
            case EXIT_GO -> "reading the go byte from stdin failed";
            case EXIT_WRONG_RESULT -> "the traced function returned a wrong value";
            default -> "exit status " + exit;
        };
    }

    private static byte[] code(int... bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) out[i] = (byte) bytes[i];
        return out;
    }
}
