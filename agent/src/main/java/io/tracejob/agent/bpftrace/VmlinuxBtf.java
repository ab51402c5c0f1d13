package io.tracejob.agent.bpftrace;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * Finds the BTF type id of a kernel function in {@code /sys/kernel/btf/vmlinux}: an fentry program must name
 * its target by that id, so the fentry trial load needs it. Only the type records' sizes are interpreted.
 */
final class VmlinuxBtf {
    static final Path VMLINUX = Path.of("/sys/kernel/btf/vmlinux");
    private static final int MAGIC = 0xeB9F, KIND_FUNC = 12;

    private VmlinuxBtf() {}

    /** Type id of {@code BTF_KIND_FUNC} named {@code name}, or empty when the file has no such function. */
    static OptionalInt funcId(Path btf, String name) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(btf)).order(ByteOrder.LITTLE_ENDIAN);
        if ((b.getShort(0) & 0xffff) != MAGIC) {
            b.order(ByteOrder.BIG_ENDIAN);
            if ((b.getShort(0) & 0xffff) != MAGIC) throw new IOException(btf + " is not BTF (bad magic)");
        }
        int hdrLen = b.getInt(4), typeOff = b.getInt(8), typeLen = b.getInt(12), strOff = b.getInt(16);
        int types = hdrLen + typeOff, end = types + typeLen, strings = hdrLen + strOff;
        byte[] wanted = name.getBytes(StandardCharsets.US_ASCII);
        int id = 1;
        for (int at = types; at < end; id++) {
            int nameOff = b.getInt(at), info = b.getInt(at + 4);
            int kind = (info >>> 24) & 0x1f, vlen = info & 0xffff;
            if (kind == KIND_FUNC && nameEquals(b, strings + nameOff, wanted)) return OptionalInt.of(id);
            at += 12 + trailingBytes(kind, vlen);
        }
        return OptionalInt.empty();
    }

    /** Bytes that follow the 12-byte {@code struct btf_type} for each kind (include/uapi/linux/btf.h). */
    private static int trailingBytes(int kind, int vlen) throws IOException {
        return switch (kind) {
            case 1, 14, 17 -> 4; // INT, VAR, DECL_TAG
            case 3 -> 12; // ARRAY
            case 4, 5, 15, 19 -> 12 * vlen; // STRUCT, UNION, DATASEC, ENUM64
            case 6, 13 -> 8 * vlen; // ENUM, FUNC_PROTO
            case 2, 7, 8, 9, 10, 11, 12, 16, 18 -> 0;
            default -> throw new IOException("unknown BTF kind " + kind + " (newer kernel?)");
        };
    }

    private static boolean nameEquals(ByteBuffer b, int at, byte[] wanted) {
        if (at + wanted.length >= b.limit()) return false;
        for (int i = 0; i < wanted.length; i++) if (b.get(at + i) != wanted[i]) return false;
        return b.get(at + wanted.length) == 0;
    }
}
