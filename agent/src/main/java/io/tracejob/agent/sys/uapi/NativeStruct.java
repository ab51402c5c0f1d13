package io.tracejob.agent.sys.uapi;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A zeroed native buffer holding one kernel structure, written field by field. It also holds every
 * buffer a pointer field points to, so the kernel never reads freed memory while the structure is
 * reachable.
 */
public abstract class NativeStruct {
    private final Memory memory;
    private final List<Memory> pointees = new ArrayList<>();

    NativeStruct(int size) {
        memory = new Memory(size);
        memory.clear();
    }

    /** The structure as the syscall takes it; keep this object reachable until the call returns. */
    public Pointer pointer() {
        return memory;
    }

    void setU32(StructField f, int value) {
        memory.setInt(f.offset(), value);
    }

    void setU64(StructField f, long value) {
        memory.setLong(f.offset(), value);
    }

    int u32(StructField f) {
        return memory.getInt(f.offset());
    }

    long u64(StructField f) {
        return memory.getLong(f.offset());
    }

    /** A pointer field (__aligned_u64 in the uapi); null writes 0. */
    void setPointer(StructField f, Pointer target) {
        memory.setLong(f.offset(), Pointer.nativeValue(target));
        if (target instanceof Memory m) pointees.add(m);
    }

    /** A NUL-terminated copy of {@code s} pointed to by {@code f}. */
    void setString(StructField f, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        Memory str = new Memory(b.length + 1);
        str.write(0, b, 0, b.length);
        str.setByte(b.length, (byte) 0);
        setPointer(f, str);
    }

    /**
     * A char array in the structure itself (object names); the caller checked the length and
     * charset.
     */
    void setChars(StructField f, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        if (b.length >= f.width())
            throw new IllegalArgumentException(
                    f.designator() + " holds at most " + (f.width() - 1) + " bytes");
        memory.write(f.offset(), b, 0, b.length);
    }

    /** Zeroes the structure and forgets the pointees, for a retry with different fields. */
    void clear() {
        memory.clear();
        pointees.clear();
    }
}
