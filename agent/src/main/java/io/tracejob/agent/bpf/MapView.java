package io.tracejob.agent.bpf;

/**
 * A typed view of one kernel map the agent owns: programs reach it through {@link #fd()}, the agent
 * reads and writes it with the view's own key and value types. Closing the view closes the map.
 */
public abstract class MapView implements AutoCloseable {
    final BpfMap map;

    MapView(BpfMap map) {
        this.map = map;
    }

    /** The fd a program's {@code ld_map_fd} instruction refers to. */
    public int fd() {
        return map.fd();
    }

    /**
     * The kernel's own memory charge for the map (fdinfo memlock), or -1 when the kernel does not
     * say.
     */
    public long memlockBytes() {
        return map.memlockBytes();
    }

    @Override
    public void close() {
        map.close();
    }

    @Override
    public String toString() {
        return map.toString();
    }
}
