package io.tracejob.agent.bpf;

/** Little-endian encoding of map keys and values (x86_64 and arm64 are both little-endian). */
final class Bytes {
    private Bytes() {}

    public static byte[] u32(int v) {
        return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
    }

    public static byte[] u64(long v) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) b[i] = (byte) (v >>> (8 * i));
        return b;
    }

    public static long u64(byte[] b, int at) {
        long v = 0;
        for (int i = 7; i >= 0; i--) v = (v << 8) | (b[at + i] & 0xffL);
        return v;
    }

    public static int u32(byte[] b, int at) {
        return (b[at] & 0xff)
                | (b[at + 1] & 0xff) << 8
                | (b[at + 2] & 0xff) << 16
                | (b[at + 3] & 0xff) << 24;
    }
}
