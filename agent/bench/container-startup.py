#!/usr/bin/env python3
"""Agent image start-up: container start -> breakpoint visible in the target's code bytes.

  agent/bench/container-startup.py [RUNS=10]     # as root, after .ci/build-images
  IMAGES="ghcr.io/tracejob/tracejob-agent:0.1.0 localhost/agent:jdk17" CPUS="0.5 2" agent/bench/container-startup.py 4

The target is the sample match engine (static, 200 orders/s, mostly asleep) in a podman container under a
kubelet-shaped parent cgroup; the agent runs in pod mode from the agent image with the agent pod's flags
(the ones PodmanPodTranslation derives: exactly the pod's capabilities, seccomp unconfined, the node cost cache).
For each run the agent container is created first (`podman create`, not timed), then `podman start` is timed
until an int3 appears at match_order in the target's memory (/proc/PID/mem polled every 0.5 ms); the moment the
agent's JVM process exists is noted on the way (`exec`: podman's and runc's share), and the agent JVM's CPU time
(all threads, /proc/PID/stat, 10 ms ticks) is read at the int3: unlike wall time, it hardly depends on how busy
the machine is. So is the time the container's CPU limit held it back until then (cpu.stat throttled_time of its
cpu cgroup: runnable but out of quota, summed over the CPUs, so it can exceed the wall time). `podman run`
(create + start) is timed too, and the same two for a container of the same image and flags running /bin/true
(podman's own share). Variants alternate run by run:
each image of IMAGES (default: the agent image of tracejob-images.properties) as built at each CPU limit of CPUS
(default 2, the pod's limits.cpu; "none" for no limit), and at the first CPU limit the same image with its
ENTRYPOINT minus the class archive (-XX:AOTCache or -XX:SharedArchiveFile; a JDK 25 runtime then has no CDS
archive at all, a JDK 17 one its own).
"""
import json, os, re, signal, statistics, subprocess, sys, tempfile, time, uuid

COST_CACHE = "/var/lib/tracejob/costs"
PODMAN = ["podman", "--runtime", "runc", "--cgroup-manager", "cgroupfs"]
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PROPS = os.path.join(REPO, "operator/src/main/resources/tracejob-images.properties")
DEFAULT_IMAGE = re.search(r"^agent\.image=(.+)$", open(PROPS).read(), re.M).group(1).strip()
IMAGES = os.environ.get("IMAGES", DEFAULT_IMAGE).split()
CPUS = os.environ.get("CPUS", "2").split()  # the agent pod's limits.cpu (AgentDefaults)
JAVA = ["/opt/tracejob/jre/bin/java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData"]
JAR = ["-jar", "/opt/tracejob/tracejob-agent.jar"]
# name -> (image, --entrypoint or None, CPU limit or None)
VARIANTS = {}
for image in IMAGES:
    for cpus in CPUS:
        limit = None if cpus == "none" else cpus
        VARIANTS["%s, cpus %s" % (image, cpus)] = (image, None, limit)
    VARIANTS["%s, no archive, cpus %s" % (image, CPUS[0])] = (
        image, json.dumps(JAVA + JAR), None if CPUS[0] == "none" else CPUS[0])


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw).stdout.strip()


def pod_flags(name, termination, cpus):
    # the agent pod (AgentPodFactory) as PodmanPodTranslation turns it into flags: exactly its capabilities, and the
    # node cost cache host path (warmed by the first run, as on a node where an agent ran since boot)
    caps = ["BPF", "PERFMON", "SYS_PTRACE", "SYS_RESOURCE"]
    os.makedirs(COST_CACHE, exist_ok=True)
    return ["--name", name, "--pid=host", "--network=none", "--read-only", "--read-only-tmpfs=false",
            "--cap-drop=ALL"] + ["--cap-add=CAP_" + c for c in caps] + [
            "--security-opt=no-new-privileges", "--security-opt=seccomp=unconfined",
            "--volume=/sys/kernel/tracing:/sys/kernel/tracing:ro", "--volume=%s:/dev/termination-log:rw" % termination,
            "--volume=%s:%s:rw" % (COST_CACHE, COST_CACHE), "--env=TRACEJOB_COST_CACHE=" + COST_CACHE,
            "--tmpfs=/tmp:rw,exec,nosuid,nodev,size=67108864", "--memory=268435456b",
            "--cpu-shares=102", "--memory-reservation=134217728b", "--pull=never"] + (
            ["--cpus=" + cpus] if cpus else [])


def has_int3(pid, addr):
    with open("/proc/%d/mem" % pid, "rb", buffering=0) as m:
        m.seek(addr)
        return b"\xcc" in m.read(8)


def agent_jvm(cidfile):
    """The agent JVM's PID, or None: it runs in the host PID namespace, in the cgroup named by its container ID (other
    agent containers, e.g. tests running alongside, run the same command line)."""
    try:
        cid = open(cidfile).read().strip()
    except OSError:
        return None
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            # argv[0], not anywhere in the line: `podman run --entrypoint [...]` names the jar too
            if open("/proc/%s/cmdline" % p, "rb").read().startswith(b"/opt/tracejob/jre/bin/java\0") and (
                    cid and cid in open("/proc/%s/cgroup" % p).read()):
                return int(p)
        except OSError:
            continue
    return None


def cpu_ms(pid):
    """CPU time (user + system, all threads) of a process so far."""
    try:
        f = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
        return (int(f[11]) + int(f[12])) * 1000 / os.sysconf("SC_CLK_TCK")
    except (OSError, TypeError):
        return float("nan")


def throttled_ms(pid):
    """How long the CFS quota (--cpus) held the agent's container back so far: cpu.stat of its cpu cgroup."""
    try:
        lines = open("/proc/%d/cgroup" % pid).read().splitlines()
        v1 = [l.split(":", 2)[2] for l in lines if ":cpu:" in l or ":cpu,cpuacct:" in l]
        if v1:
            path = "/sys/fs/cgroup/%s%s/cpu.stat" % ("cpu" if ":cpu:" in "".join(lines) else "cpu,cpuacct", v1[0])
            stat = dict(l.split() for l in open(path).read().splitlines())
            return int(stat["throttled_time"]) / 1e6
        path = "/sys/fs/cgroup%s/cpu.stat" % [l for l in lines if l.startswith("0::")][0][3:]
        stat = dict(l.split() for l in open(path).read().splitlines())
        return int(stat["throttled_usec"]) / 1e3
    except (OSError, IndexError, KeyError, TypeError):
        return float("nan")


def wait_attached(pid, addr, t0, proc, cidfile):
    """(ms to int3, ms to the JVM's exec, the JVM's CPU ms at the int3, ms its container was throttled)"""
    jvm, exec_ms, polls = None, float("nan"), 0
    while True:
        if jvm is None and polls % 4 == 0:  # a /proc scan every 2 ms, until the JVM is there
            jvm = agent_jvm(cidfile)
            if jvm is not None:
                exec_ms = (time.monotonic() - t0) * 1000
        polls += 1
        if has_int3(pid, addr):
            ms = (time.monotonic() - t0) * 1000
            jvm = jvm if jvm is not None else agent_jvm(cidfile)
            return ms, exec_ms, cpu_ms(jvm), throttled_ms(jvm)
        if proc.poll() is not None:
            raise RuntimeError("agent exited before attaching: " + proc.stdout.read() + proc.stderr.read())
        time.sleep(0.0005)


def main():
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # run the clean-up below on kill too
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    work = tempfile.mkdtemp(prefix="tj-startup-")
    os.makedirs(work + "/rootfs/app")
    engine = work + "/rootfs/app/match-engine"
    sh(["gcc", "-O2", "-g", "-static", "-o", engine, REPO + "/agent/src/main/resources/samples/match_engine.c"])
    addr = int(sh(["nm", engine]).split(" T match_order")[0].split()[-1], 16)
    uid = str(uuid.uuid4())
    top = "tjbench-" + uid[:8]
    cid = sh(PODMAN + ["run", "-d", "--network", "none", "--cgroup-parent", "/%s/kubepods/besteffort/pod%s" % (top, uid),
                       "--rootfs", work + "/rootfs", "/app/match-engine", "200"])
    pid = int(sh(PODMAN + ["inspect", "--format", "{{.State.Pid}}", cid]))
    spec = json.dumps({"target": {"podName": "match-engine-0"},
                       "probe": {"family": "Uprobe", "binary": "/app/match-engine", "function": "match_order"},
                       "duration": "1s", "interval": "1s", "overheadBudget": {"maxCpuPercent": 5.0}})
    args = ["pod", "--spec-json", spec, "--container-id", "podman://" + cid, "--pod-uid", uid,
            "--result-file", "/dev/termination-log"]
    results = {v: {"start": [], "run": [], "cpu": [], "exec": [], "throttled": []} for v in VARIANTS}
    control = {"start": [], "run": []}
    try:
        for i in range(runs):
            # podman's own share: the same flags and image, /bin/true instead of the JVM, timed to its exit
            for mode in ("start", "run"):
                name = "tjbench-true-%s-%d" % (uid[:8], i)
                flags = pod_flags(name, work + "/term-true", CPUS[0] if CPUS[0] != "none" else None) + [
                    "--entrypoint", "/bin/true"]
                open(work + "/term-true", "w").close()
                if mode == "start":
                    sh(PODMAN + ["create"] + flags + [IMAGES[0]])
                    cmd = PODMAN + ["start", "-a", name]
                else:
                    cmd = PODMAN + ["run"] + flags + [IMAGES[0]]
                t0 = time.monotonic()
                subprocess.run(cmd, capture_output=True, check=True)
                control[mode].append((time.monotonic() - t0) * 1000)
                subprocess.run(PODMAN + ["rm", "-f", "-t", "0", name], capture_output=True)
            for variant, (image, entrypoint, cpus) in VARIANTS.items():
                ep = ["--entrypoint", entrypoint] if entrypoint else []
                for mode in ("start", "run"):
                    term = "%s/term-%d" % (work, i)
                    open(term, "w").close()
                    name = "tjbench-agent-%s-%d" % (uid[:8], i)
                    cidfile = tempfile.mktemp(prefix="cid-", dir=work)  # podman refuses an existing one
                    flags = pod_flags(name, term, cpus) + ep + ["--cidfile=" + cidfile]
                    if mode == "start":
                        sh(PODMAN + ["create"] + flags + [image] + args)
                        cmd = PODMAN + ["start", "-a", name]
                    else:
                        cmd = PODMAN + ["run"] + flags + [image] + args
                    while has_int3(pid, addr):  # the previous agent's probes must be gone first
                        time.sleep(0.01)
                    t0 = time.monotonic()
                    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                    ms, exec_ms, cpu, throttled = wait_attached(pid, addr, t0, proc, cidfile)
                    proc.communicate(timeout=60)
                    subprocess.run(PODMAN + ["rm", "-f", "-t", "0", name], capture_output=True)
                    results[variant][mode].append(ms)
                    results[variant]["cpu"].append(cpu)
                    results[variant]["exec"].append(exec_ms)
                    results[variant]["throttled"].append(throttled)
                    print("%s %-5s run %d: %.0f ms (JVM exec at %.0f ms), agent CPU %.0f ms, throttled %.0f ms, "
                          "load %s" % (variant, mode, i + 1, ms, exec_ms, cpu, throttled,
                                       open("/proc/loadavg").read().split()[0]), file=sys.stderr)
    finally:
        subprocess.run(PODMAN + ["rm", "-f", "-t", "0", cid], capture_output=True)
        deadline = time.monotonic() + 15  # conmon can outlive `podman rm` by a moment (rmdir: EBUSY)
        while True:
            left = []
            for h in os.listdir("/sys/fs/cgroup"):
                root = "/sys/fs/cgroup/%s/%s" % (h, top)
                for d, _, _ in sorted(os.walk(root), key=lambda w: -w[0].count("/")):
                    try:
                        os.rmdir(d)
                    except OSError:
                        left.append(d)
            if not left or time.monotonic() > deadline:
                break
            time.sleep(0.2)
    print("| variant | `podman start` -> int3 | `podman run` -> int3 | -> JVM exec | agent JVM CPU time until int3 "
          "| throttled by the CPU limit until int3 (summed over CPUs) |")
    print("|---|---|---|---|---|---|")
    cell = lambda xs: "%.0f ms (%.0f-%.0f)" % (statistics.median(xs), min(xs), max(xs))
    for v, r in results.items():
        print("| %s | %s | %s | %s | %s | %s |" % (v, cell(r["start"]), cell(r["run"]), cell(r["exec"]), cell(r["cpu"]),
                                                 cell(r["throttled"])))
    print("| podman alone (`/bin/true`, to its exit) | %s | %s | - | - | - |" % (
        cell(control["start"]), cell(control["run"])))
    print("\nload average at the end: %s" % open("/proc/loadavg").read().strip(), file=sys.stderr)


if __name__ == "__main__":
    main()
