package io.tracejob.agent.capabilities;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.OptionalInt;

/**
 * Just enough of the kernel's BTF (/sys/kernel/btf/vmlinux) to find a function's type id, which an fentry
 * program needs as its attach_btf_id. Layout per include/uapi/linux/btf.h: a header, then the type section
 * (each {@code struct btf_type} of 12 bytes followed by kind-specific data), then the string section. Type ids
 * are 1-based in section order.
 */
final class VmlinuxBtf {
    static final Path VMLINUX = Path.of("/sys/kernel/btf/vmlinux");
    private static final int MAGIC = 0xeB9F;
    static final int KIND_FUNC = 12;
    static final int KIND_FUNC_PROTO = 13;

    private VmlinuxBtf() {}

    /** The type section decoded to parallel arrays indexed by type id (index 0 is the implicit void). */
    record Types(int[] kind, int[] type, int[] nameOff, int strStart, byte[] raw) {
        int count() {
            return kind.length - 1;
        }

        String name(int id) {
            int at = strStart + nameOff[id];
            int end = at;
            while (end < raw.length && raw[end] != 0) end++;
            return new String(raw, at, end - at, StandardCharsets.US_ASCII);
        }
    }

    static Types types(byte[] btf) {
        ByteBuffer b = ByteBuffer.wrap(btf).order(ByteOrder.LITTLE_ENDIAN);
        if (btf.length < 24) throw new IllegalArgumentException("not BTF: " + btf.length + " bytes");
        if ((b.getShort(0) & 0xffff) != MAGIC) {
            b.order(ByteOrder.BIG_ENDIAN);
            if ((b.getShort(0) & 0xffff) != MAGIC) throw new IllegalArgumentException("not BTF: bad magic");
        }
        int hdrLen = b.getInt(4);
        int typeStart = hdrLen + b.getInt(8);
        int typeEnd = typeStart + b.getInt(12);
        int strStart = hdrLen + b.getInt(16);
        int strLen = b.getInt(20);
        if (typeEnd > btf.length || strStart + strLen > btf.length) throw new IllegalArgumentException("not BTF: sections exceed the file");

        int cap = 1 + (typeEnd - typeStart) / 12;
        int[] kind = new int[cap], type = new int[cap], nameOff = new int[cap];
        int id = 1;
        int off = typeStart;
        while (off < typeEnd) {
            int info = b.getInt(off + 4);
            kind[id] = (info >>> 24) & 0x1f;
            nameOff[id] = b.getInt(off);
            type[id] = b.getInt(off + 8);
            off += 12 + extra(kind[id], info & 0xffff);
            id++;
        }
        if (off != typeEnd) throw new IllegalArgumentException("BTF type section overran its end: " + off + " != " + typeEnd);
        return new Types(Arrays.copyOf(kind, id), Arrays.copyOf(type, id), Arrays.copyOf(nameOff, id), strStart, btf);
    }

    /** The type id of the FUNC named {@code name}, if the BTF has one. */
    static OptionalInt funcId(byte[] btf, String name) {
        Types t = types(btf);
        byte[] wanted = name.getBytes(StandardCharsets.US_ASCII);
        for (int id = 1; id <= t.count(); id++) {
            if (t.kind()[id] == KIND_FUNC && nameEquals(btf, t.strStart() + t.nameOff()[id], wanted)) return OptionalInt.of(id);
        }
        return OptionalInt.empty();
    }

    static OptionalInt funcId(String name) throws IOException {
        return funcId(Files.readAllBytes(VMLINUX), name);
    }

    /** Bytes of kind-specific data after the common 12-byte header. */
    private static int extra(int kind, int vlen) {
        return switch (kind) {
            case 1, 14, 17 -> 4;          // INT (encoding), VAR (linkage), DECL_TAG (component_idx)
            case 3 -> 12;                 // ARRAY
            case 4, 5, 15, 19 -> 12 * vlen; // STRUCT, UNION (members), DATASEC (var_secinfo), ENUM64
            case 6, 13 -> 8 * vlen;       // ENUM, FUNC_PROTO (params)
            case 2, 7, 8, 9, 10, 11, 12, 16, 18 -> 0; // PTR, FWD, TYPEDEF, VOLATILE, CONST, RESTRICT, FUNC, FLOAT, TYPE_TAG
            default -> throw new IllegalArgumentException("BTF kind " + kind + " unknown to this parser");
        };
    }

    private static boolean nameEquals(byte[] btf, int at, byte[] wanted) {
        if (at + wanted.length >= btf.length) return false;
        for (int i = 0; i < wanted.length; i++) if (btf[at + i] != wanted[i]) return false;
        return btf[at + wanted.length] == 0;
    }
}
