package io.tracejob.operator.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The most heap the JVM held at once while it was open: the used heap just before each GC (when it
 * is highest; the JVM reports it with each collection) and, between collections, sampled. The
 * MXBeans' per-pool peaks are each pool's own maximum at different times, so their sum overstates
 * it.
 */
final class HeapPeak implements AutoCloseable {
    private final AtomicLong peak = new AtomicLong();
    private final Set<String> heapPools =
            ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == MemoryType.HEAP)
                    .map(p -> p.getName())
                    .collect(Collectors.toSet());
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::onGc;
    private final Thread sampler;
    private volatile boolean open = true;

    HeapPeak() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
        sampler = new Thread(this::sample, "heap-peak");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** The peak so far, in bytes. */
    long bytes() {
        offer(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        return peak.get();
    }

    private void onGc(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType()))
            return;
        var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        long before = 0;
        for (var e : info.getGcInfo().getMemoryUsageBeforeGc().entrySet()) {
            if (heapPools.contains(e.getKey())) before += ((MemoryUsage) e.getValue()).getUsed();
        }
        offer(before);
    }

    private void sample() {
        while (open) {
            offer(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void offer(long used) {
        peak.accumulateAndGet(used, Math::max);
    }

    @Override
    public void close() {
        open = false;
        sampler.interrupt();
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(listener);
            } catch (javax.management.ListenerNotFoundException ignored) {
                // never added to this one
            }
        }
    }
}
