# Python USDT target. stdin protocol, one command per line, answers on stdout:
#   gc N     run N full collections (python:gc__start / gc__done each), the first after building a large
#            object graph so it takes far longer than the rest; answers "done gc N FIRST_NS MAX_NS":
#            the first collection's duration and the longest one's, each measured around its gc.collect()
#            call (on a loaded node a later, short collection can be preempted past the first)
#   call N   call handle() N times (python:function__entry / function__return), answers "done call N"
#   exit     leave
# Everything else the loop does is C (readline, split, int, print): no Python frames, no collections.
import gc
import sys
import time


def handle(i):
    return i * 2


def big_graph():
    # cycles only the collector can free: the collection that frees them has to visit them all
    nodes = [[] for _ in range(300_000)]
    for a, b in zip(nodes, nodes[1:] + nodes[:1]):
        a.append(b)
    return len(nodes)


gc.disable()  # only the explicit collections below run while we trace
print("ready", flush=True)
while True:
    line = sys.stdin.readline()
    if not line or line.startswith("exit"):
        break
    words = line.split()
    n = int(words[1])
    if words[0] == "gc":
        big_graph()
        durations = []
        for _ in range(n):
            t0 = time.monotonic_ns()
            gc.collect()
            durations.append(time.monotonic_ns() - t0)
        print("done gc", n, durations[0], max(durations), flush=True)
    elif words[0] == "call":
        total = 0
        for i in range(n):
            total += handle(i)
        print("done call", n, flush=True)
