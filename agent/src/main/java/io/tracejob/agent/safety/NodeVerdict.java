package io.tracejob.agent.safety;

import io.tracejob.agent.safety.ReturnProbeVerdict.Answer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's answer, found once: from the per-node cache when it holds one for this boot and
 * kernel, else by running {@link UretprobeSeccompTrial} and storing a definite answer. Within one
 * agent the answer is also kept in memory (per cache directory), so a trace that meets many
 * filtered processes checks once — and where the cache cannot be written, each agent run checks
 * again.
 */
public final class NodeVerdict {
    private static final Map<Path, ReturnProbeVerdict> MEMO = new ConcurrentHashMap<>();

    private NodeVerdict() {}

    public static ReturnProbeVerdict current() {
        VerdictCache cache = VerdictCache.configured();
        NodeKey node;
        try {
            node = NodeKey.current();
        } catch (IOException e) {
            return ReturnProbeVerdict.of(
                    Answer.UNKNOWN,
                    "not checked: cannot read this node's boot id and kernel release: "
                            + e.getMessage(),
                    null);
        }
        ReturnProbeVerdict known = MEMO.get(cache.file());
        if (known != null && known.isFor(node)) return known;
        synchronized (NodeVerdict.class) {
            known = MEMO.get(cache.file());
            if (known != null && known.isFor(node)) return known;
            ReturnProbeVerdict v = cache.read(node).orElse(null);
            if (v == null) {
                v = UretprobeSeccompTrial.run(node);
                if (v.answer() != Answer.UNKNOWN) {
                    String notStored = cache.write(v);
                    if (notStored != null)
                        v =
                                v.from(
                                        ReturnProbeVerdict.CHECKED_NOW
                                                + "; not cached ("
                                                + notStored
                                                + "), so each agent run checks again");
                }
            }
            // UNKNOWN is kept for this agent run too: a trace checks at most once, and the next run
            // tries again.
            MEMO.put(cache.file(), v);
            return v;
        }
    }
}
