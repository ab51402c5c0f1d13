package io.tracejob.agent.btf;

import java.io.IOException;
import java.lang.ref.SoftReference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The one reader of the kernel's BTF ({@code /sys/kernel/btf/vmlinux}) in the agent: whether the
 * node has it and how big it is (the capability report), a function's type id (an fentry program's
 * attach_btf_id), the byte offset of a struct member (what a program reads from a kernel pointer
 * with bpf_probe_read_kernel, e.g. {@code task_struct.tgid}), and how many arguments a raw
 * tracepoint passes (its {@code btf_trace_<name>} typedef). Layout per include/uapi/linux/btf.h: a
 * header, then the type section (each {@code struct btf_type} of 12 bytes followed by kind-specific
 * data), then the string section. Type ids are 1-based in section order.
 */
public final class VmlinuxBtf {
    public static final Path VMLINUX = Path.of("/sys/kernel/btf/vmlinux");
    private static final int MAGIC = 0xeB9F;
    public static final int KIND_PTR = 2;
    public static final int KIND_STRUCT = 4;
    public static final int KIND_UNION = 5;
    public static final int KIND_TYPEDEF = 8;
    public static final int KIND_FUNC = 12;
    public static final int KIND_FUNC_PROTO = 13;

    private VmlinuxBtf() {}

    /**
     * The type section decoded to parallel arrays indexed by type id (index 0 is the implicit
     * void). {@code data[id]} is where the kind-specific data (members, params) of that type starts
     * in {@code raw}; {@code kindFlag} is the btf_type kind_flag bit (a struct's member offsets
     * then carry a bitfield size).
     */
    public record Types(
            int[] kind,
            int[] vlen,
            boolean[] kindFlag,
            int[] type,
            int[] nameOff,
            int[] data,
            int strStart,
            byte[] raw,
            ByteOrder order) {
        public int count() {
            return kind.length - 1;
        }

        public String name(int id) {
            int at = strStart + nameOff[id];
            int end = at;
            while (end < raw.length && raw[end] != 0) end++;
            return new String(raw, at, end - at, StandardCharsets.US_ASCII);
        }

        int intAt(int offset) {
            return ByteBuffer.wrap(raw).order(order).getInt(offset);
        }

        boolean named(int id, byte[] wanted) {
            return nameEquals(raw, strStart + nameOff[id], wanted);
        }

        OptionalInt find(int wantedKind, String name) {
            byte[] wanted = name.getBytes(StandardCharsets.US_ASCII);
            for (int id = 1; id <= count(); id++) {
                if (kind[id] == wantedKind && named(id, wanted)) return OptionalInt.of(id);
            }
            return OptionalInt.empty();
        }
    }

    public static Types types(byte[] btf) {
        ByteBuffer b = ByteBuffer.wrap(btf).order(ByteOrder.LITTLE_ENDIAN);
        if (btf.length < 24)
            throw new IllegalArgumentException("not BTF: " + btf.length + " bytes");
        if ((b.getShort(0) & 0xffff) != MAGIC) {
            b.order(ByteOrder.BIG_ENDIAN);
            if ((b.getShort(0) & 0xffff) != MAGIC)
                throw new IllegalArgumentException("not BTF: bad magic");
        }
        int hdrLen = b.getInt(4);
        int typeStart = hdrLen + b.getInt(8);
        int typeEnd = typeStart + b.getInt(12);
        int strStart = hdrLen + b.getInt(16);
        int strLen = b.getInt(20);
        if (typeEnd > btf.length || strStart + strLen > btf.length)
            throw new IllegalArgumentException("not BTF: sections exceed the file");

        int cap = 1 + (typeEnd - typeStart) / 12;
        int[] kind = new int[cap],
                vlen = new int[cap],
                type = new int[cap],
                nameOff = new int[cap],
                data = new int[cap];
        boolean[] flag = new boolean[cap];
        int id = 1;
        int off = typeStart;
        while (off < typeEnd) {
            int info = b.getInt(off + 4);
            kind[id] = (info >>> 24) & 0x1f;
            flag[id] = (info >>> 31) != 0;
            vlen[id] = info & 0xffff;
            nameOff[id] = b.getInt(off);
            type[id] = b.getInt(off + 8);
            data[id] = off + 12;
            off += 12 + extra(kind[id], vlen[id]);
            id++;
        }
        if (off != typeEnd)
            throw new IllegalArgumentException(
                    "BTF type section overran its end: " + off + " != " + typeEnd);
        return new Types(
                Arrays.copyOf(kind, id),
                Arrays.copyOf(vlen, id),
                Arrays.copyOf(flag, id),
                Arrays.copyOf(type, id),
                Arrays.copyOf(nameOff, id),
                Arrays.copyOf(data, id),
                strStart,
                btf,
                b.order());
    }

    /**
     * Whether this node exposes kernel BTF (kernels built with CONFIG_DEBUG_INFO_BTF) to this
     * process.
     */
    public static boolean present() {
        return Files.isReadable(VMLINUX);
    }

    /** The size of the kernel BTF in bytes, when it can be read. */
    public static OptionalLong sizeBytes() {
        try {
            return OptionalLong.of(Files.size(VMLINUX));
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    /** The type id of the FUNC named {@code name}, if the BTF has one. */
    public static OptionalInt funcId(byte[] btf, String name) {
        return funcId(types(btf), name);
    }

    public static OptionalInt funcId(Types t, String name) {
        return t.find(KIND_FUNC, name);
    }

    public static OptionalInt funcId(String name) throws IOException {
        return funcId(Files.readAllBytes(VMLINUX), name);
    }

    public static OptionalInt funcId(Path btf, String name) throws IOException {
        try {
            return funcId(Files.readAllBytes(btf), name);
        } catch (IllegalArgumentException e) {
            throw new IOException(btf + " is " + e.getMessage(), e);
        }
    }

    /**
     * Byte offset of {@code member} in {@code struct name}, looking through anonymous struct and
     * union members (the kernel nests many fields that way). Empty when the struct or member is
     * missing or the member is a bitfield (not addressable by a byte offset).
     */
    public static OptionalInt memberOffset(Types t, String struct, String member) {
        OptionalInt id = t.find(KIND_STRUCT, struct);
        if (id.isEmpty()) return OptionalInt.empty();
        return memberBits(t, id.getAsInt(), member.getBytes(StandardCharsets.US_ASCII), 0).stream()
                .filter(bits -> bits % 8 == 0)
                .map(bits -> bits / 8)
                .findFirst();
    }

    private static OptionalInt memberBits(Types t, int structId, byte[] wanted, int base) {
        for (int i = 0; i < t.vlen()[structId]; i++) {
            int at = t.data()[structId] + 12 * i;
            int nameOff = t.intAt(at), memberType = t.intAt(at + 4), offset = t.intAt(at + 8);
            int bits = base + (t.kindFlag()[structId] ? offset & 0xffffff : offset);
            if (t.kindFlag()[structId] && (offset >>> 24) != 0) {
                if (nameEquals(t.raw(), t.strStart() + nameOff, wanted))
                    return OptionalInt.empty(); // a bitfield
                continue;
            }
            if (nameOff != 0) {
                if (nameEquals(t.raw(), t.strStart() + nameOff, wanted))
                    return OptionalInt.of(bits);
                continue;
            }
            int inner = resolve(t, memberType);
            if (t.kind()[inner] == KIND_STRUCT || t.kind()[inner] == KIND_UNION) {
                OptionalInt found = memberBits(t, inner, wanted, bits);
                if (found.isPresent()) return found;
            }
        }
        return OptionalInt.empty();
    }

    /** Follows typedef, volatile, const, restrict and type_tag links to the underlying type. */
    private static int resolve(Types t, int id) {
        while (id != 0
                && (t.kind()[id] == KIND_TYPEDEF
                        || t.kind()[id] == 9
                        || t.kind()[id] == 10
                        || t.kind()[id] == 11
                        || t.kind()[id] == 18)) {
            id = t.type()[id];
        }
        return id;
    }

    /**
     * How many arguments raw tracepoint {@code name} passes to a program ({@code u64 args[]}), from
     * the kernel's {@code typedef void (*btf_trace_<name>)(void *__data, ...)}; empty when BTF does
     * not know it.
     */
    public static OptionalInt rawTracepointArgs(Types t, String name) {
        OptionalInt typedef = t.find(KIND_TYPEDEF, "btf_trace_" + name);
        if (typedef.isEmpty()) return OptionalInt.empty();
        int ptr = t.type()[typedef.getAsInt()];
        if (t.kind()[ptr] != KIND_PTR) return OptionalInt.empty();
        int proto = t.type()[ptr];
        if (t.kind()[proto] != KIND_FUNC_PROTO || t.vlen()[proto] < 1) return OptionalInt.empty();
        return OptionalInt.of(t.vlen()[proto] - 1); // less the leading void *__data
    }

    /**
     * The running kernel's BTF, parsed once and kept softly (the heap may take it back): it does
     * not change while the agent runs, and parsing its ≈ 5.5 MB took 10–115 ms a time, which a
     * trace's start paid twice (the fork follower, the session program's kfuncs) and a calibration
     * again.
     */
    private static volatile SoftReference<Types> parsed = new SoftReference<>(null);

    public static Types read() throws IOException {
        Types cached = parsed.get();
        if (cached != null) return cached;
        if (!Files.exists(VMLINUX))
            throw new IOException(
                    "no kernel BTF at " + VMLINUX + " (kernel without CONFIG_DEBUG_INFO_BTF)");
        try {
            Types t = types(Files.readAllBytes(VMLINUX));
            parsed = new SoftReference<>(t);
            return t;
        } catch (IllegalArgumentException e) {
            throw new IOException(VMLINUX + " is " + e.getMessage(), e);
        }
    }

    /** Bytes of kind-specific data after the common 12-byte header. */
    private static int extra(int kind, int vlen) {
        return switch (kind) {
            case 1, 14, 17 -> 4; // INT (encoding), VAR (linkage), DECL_TAG (component_idx)
            case 3 -> 12; // ARRAY
            case 4, 5, 15, 19 ->
                    12 * vlen; // STRUCT, UNION (members), DATASEC (var_secinfo), ENUM64
            case 6, 13 -> 8 * vlen; // ENUM, FUNC_PROTO (params)
            case 2, 7, 8, 9, 10, 11, 12, 16, 18 ->
                    0; // PTR, FWD, TYPEDEF, VOLATILE, CONST, RESTRICT, FUNC, FLOAT, TYPE_TAG
            default ->
                    throw new IllegalArgumentException(
                            "BTF kind " + kind + " unknown to this parser");
        };
    }

    private static boolean nameEquals(byte[] btf, int at, byte[] wanted) {
        if (at + wanted.length >= btf.length) return false;
        for (int i = 0; i < wanted.length; i++) if (btf[at + i] != wanted[i]) return false;
        return btf[at + wanted.length] == 0;
    }
}
