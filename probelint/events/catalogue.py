"""The symptom table: each text the kubelet prints for a failing probe or hook, what it was doing, the
likely causes in order, the rules that find each, and the next check for what a manifest cannot show.

Placeholders in `check` texts are filled from the event: {exec} (`kubectl exec -n NS POD -c CONTAINER --`),
{logs} (`kubectl logs -n NS POD -c CONTAINER --previous`), {url} (the probe's URL, from the message),
{node} (`kubectl debug node/NODE -it --image=curlimages/curl --`, which runs in the node's network).
"""

from __future__ import annotations

from probelint.events.model import HOST_SET, KUBELET_LOG, SECURITY_GROUPS, SLOW_START, Cause, Symptom

SYMPTOMS: tuple[Symptom, ...] = (
    Symptom(
        "http-timeout",
        "context deadline exceeded (Client.Timeout exceeded while awaiting headers)",
        r"Client\.Timeout exceeded while awaiting headers",
        "sent an HTTP GET and had no response headers within timeoutSeconds",
        (
            Cause(
                "the app answers slower than timeoutSeconds (1s when unset): a GC pause, a cold cache, CPU "
                "throttling or a busy node",
                ("probe-timeout-too-low", "probe-timeout-exceeds-period"),
                "time the endpoint in the pod: "
                "`{exec} curl -sS -o /dev/null -w '%{http_code} %{time_total}s\\n' {url}`",
            ),
            SECURITY_GROUPS,
            HOST_SET,
            Cause(
                "something between the node and the pod drops the packets (a host firewall, a security group)",
                (),
                "curl the probe from the node: `{node} curl -sS -m 5 {url}`; a timeout there too means the "
                "network path, an answer means the app is only sometimes slow",
            ),
        ),
        'Readiness probe failed: Get "http://10.0.3.7:8080/ready": context deadline exceeded '
        "(Client.Timeout exceeded while awaiting headers)",
        "Go net/http client timeout, returned by pkg/probe/http/http.go (DoHTTPProbe)",
    ),
    Symptom(
        "connection-refused",
        "connect: connection refused",
        r"connect: connection refused",
        "opened a TCP connection to the probe's port and the pod refused it: nothing listens there",
        (
            SLOW_START,
            Cause(
                "the probe's port is not the one the app listens on, or the app listens on 127.0.0.1 only",
                ("probe-port-not-declared", "probe-port-not-found"),
                "list the listening sockets: `{exec} sh -c 'ss -ltn || netstat -ltn'` "
                "(127.0.0.1:PORT means the app must listen on 0.0.0.0)",
            ),
            HOST_SET,
            SECURITY_GROUPS,
            Cause("the app crashed or is shutting down", (), "read the last words in `{logs}`"),
        ),
        'Liveness probe failed: Get "http://10.0.3.7:8080/healthz": dial tcp 10.0.3.7:8080: connect: '
        "connection refused",
        "Go net.Dial error, returned by pkg/probe/http/http.go and pkg/probe/tcp/tcp.go",
    ),
    Symptom(
        "dial-timeout",
        "dial tcp ADDRESS: i/o timeout",
        r"dial tcp \S+: i/o timeout",
        "opened a TCP connection to the probe's port and had no answer within timeoutSeconds",
        (
            SECURITY_GROUPS,
            Cause(
                "something between the node and the pod drops the packets (a host firewall, a security group)",
                (),
                "connect from the node: `{node} curl -sS -m 5 {url}`",
            ),
            Cause(
                "the app's accept queue is full (it accepts too slowly)",
                ("probe-timeout-too-low",),
                KUBELET_LOG,
            ),
        ),
        "Liveness probe failed: dial tcp 10.0.42.17:8080: i/o timeout",
        "Go net.DialTimeout error, returned by pkg/probe/tcp/tcp.go",
    ),
    Symptom(
        "http-status-4xx",
        "HTTP probe failed with statuscode: 4xx",
        r"HTTP probe failed with statuscode: 4\d\d",
        "sent an HTTP GET and the app answered with a client error: the request is wrong for the server",
        (
            Cause(
                "the path does not exist (404), has whitespace, or is a full URL",
                ("http-probe-path-invalid",),
                "ask for it as the kubelet does: `{exec} curl -i -H 'User-Agent: kube-probe/1.30' {url}`",
            ),
            Cause(
                "plain HTTP sent to an HTTPS port (400: client sent an HTTP request to an HTTPS server)",
                ("http-probe-scheme-mismatch",),
            ),
            Cause(
                "the endpoint wants credentials or a particular Host (401, 403, 421): the kubelet sends only "
                "`User-Agent: kube-probe/X.Y` and `Accept: */*`",
                ("http-probe-host-set",),
                "serve an unauthenticated health path, or send what it needs with `httpHeaders`",
            ),
        ),
        "Readiness probe failed: HTTP probe failed with statuscode: 404",
        "pkg/probe/http/http.go (DoHTTPProbe): any status outside 200-399 fails",
    ),
    Symptom(
        "http-status-5xx",
        "HTTP probe failed with statuscode: 5xx",
        r"HTTP probe failed with statuscode: 5\d\d",
        "sent an HTTP GET and the app answered with a server error: it reports itself unhealthy",
        (
            Cause(
                "the app is still starting or warming up (503 until it is ready)",
                ("startup-probe-missing",),
                "compare the container's start time with the app's `ready` line in `{logs}`",
            ),
            Cause(
                "the health check includes a dependency (a database, another service) that is down; on a "
                "liveness probe that restarts every pod at once",
                ("liveness-same-as-readiness",),
            ),
            Cause("the app itself is failing", (), "`{exec} curl -i {url}` shows the body; then `{logs}`"),
        ),
        "Liveness probe failed: HTTP probe failed with statuscode: 503",
        "pkg/probe/http/http.go (DoHTTPProbe): any status outside 200-399 fails",
    ),
    Symptom(
        "exec-not-found",
        "OCI runtime exec failed ... executable file not found",
        r"OCI runtime exec failed.*(?:executable file not found|no such file or directory)",
        "asked the container runtime to start the probe's command in the container, and there is no such program",
        (
            Cause(
                "the command is one string with spaces, or shell syntax without `sh -c`",
                ("exec-probe-command-invalid",),
            ),
            Cause(
                "the image does not contain the program (distroless and slim images have no curl or sh)",
                (),
                "`{exec} ls -l /bin /usr/bin` or check the image's Dockerfile",
            ),
        ),
        "Liveness probe failed: OCI runtime exec failed: exec failed: unable to start container process: "
        'exec: "curl": executable file not found in $PATH: unknown',
        "runc, through the runtime's ExecSync; returned by pkg/probe/exec/exec.go",
    ),
    Symptom(
        "exec-no-resources",
        "OCI runtime exec failed ... resource temporarily unavailable / read init-p: connection reset by peer",
        r"OCI runtime exec failed.*resource temporarily unavailable|read init-p: connection reset by peer",
        "asked the container runtime to start the probe's command in the container, and it could not "
        "start one more process",
        (
            Cause(
                "the node or the container is short of pids, memory or CPU, so starting the probe's process "
                "fails or is too slow; on aws-node, the probe timeout is too short for a busy node",
                ("aws-node-probe-timeout", "probe-timeout-too-low"),
                "`kubectl describe node NODE` (PIDPressure, MemoryPressure), the pod's limits, and the "
                "runtime's log on the node (`journalctl -u containerd`)",
            ),
            Cause("the runtime itself failed under load", (), KUBELET_LOG),
        ),
        "Readiness probe failed: OCI runtime exec failed: exec failed: unable to start container process: "
        "read init-p: connection reset by peer: unknown",
        "runc, through the runtime's ExecSync; aws-node case: EKS best practices, networking/vpc-cni "
        '"Handle Liveness/Readiness Probe failures"',
    ),
    Symptom(
        "exec-timeout",
        'command "..." timed out / command timed out: ...',
        r"\bcommand\b.*\btimed out\b",
        "ran the exec probe's command in the container, and it did not exit within timeoutSeconds",
        (
            Cause(
                "the command allows itself longer than timeoutSeconds (grpc-health-probe, curl -m, timeout N)",
                ("exec-probe-timeout-mismatch",),
            ),
            Cause(
                "timeoutSeconds is too short for the command on a busy node (1s when unset; enforced since "
                "Kubernetes 1.20)",
                ("probe-timeout-too-low", "aws-node-probe-timeout"),
                "time the command in the pod: `{exec} sh -c 'time COMMAND'`",
            ),
        ),
        'Liveness probe failed: command "/bin/grpc-health-probe -addr=:9090" timed out',
        "pkg/probe/exec/errors.go (TimeoutError) and the CRI client's ExecSync deadline",
    ),
    Symptom(
        "grpc-rpc-timeout",
        "timeout: health rpc did not complete within Ns",
        r"health rpc did not complete within",
        "connected to the gRPC port and called grpc.health.v1.Health/Check; no answer within the timeout",
        (
            Cause(
                "the server answers slower than timeoutSeconds (or grpc-health-probe's -rpc-timeout)",
                ("probe-timeout-too-low", "exec-probe-timeout-mismatch", "aws-node-probe-timeout"),
                "`{exec} grpc_health_probe -addr=:PORT -rpc-timeout=10s` to see how long it takes",
            ),
        ),
        "Liveness probe failed: timeout: health rpc did not complete within 1s",
        "pkg/probe/grpc/grpc.go (Probe)",
    ),
    Symptom(
        "grpc-connect",
        'timeout: failed to connect service "ADDRESS" within Ns',
        r"failed to connect service",
        "tried to open a gRPC connection to the port and could not within the timeout",
        (
            SLOW_START,
            Cause(
                "the probe's port or address is not where the server listens (on aws-node: `-addr=:50051` "
                "against CNI 1.23+, or the ipamd socket against older versions)",
                ("probe-port-not-declared", "aws-node-probe-address"),
                "list the listening sockets: `{exec} sh -c 'ss -ltnx || netstat -ltnx'`",
            ),
            SECURITY_GROUPS,
        ),
        'Readiness probe failed: timeout: failed to connect service "10.0.3.7:9090" within 1s: context '
        "deadline exceeded",
        "pkg/probe/grpc/grpc.go (Probe); also aws-node's grpc-health-probe (cmd/grpc-health-probe/main.go)",
    ),
    Symptom(
        "grpc-not-serving",
        'service unhealthy (responded with "NOT_SERVING") / status: NOT_SERVING',
        r"NOT_SERVING",
        "called grpc.health.v1.Health/Check and the server answered NOT_SERVING",
        (
            Cause(
                "the server reports itself not ready (starting, draining, or a dependency down)",
                ("startup-probe-missing", "liveness-same-as-readiness"),
                "`{logs}`",
            ),
            Cause(
                "the probe asks for a service name the server does not mark SERVING (`grpc.service`)",
                (),
                "`{exec} grpc_health_probe -addr=:PORT -service=NAME` for each name the server registers",
            ),
        ),
        'Readiness probe failed: service unhealthy (responded with "NOT_SERVING")',
        "pkg/probe/grpc/grpc.go (Probe); grpc-health-probe prints `status: NOT_SERVING`",
    ),
    Symptom(
        "no-such-host",
        "lookup NAME ...: no such host",
        r"no such host",
        "resolved the probe's `host` with the node's resolver, which does not know the name",
        (
            Cause(
                "`host` is a Service or cluster DNS name: the kubelet resolves names from the node, not "
                "through cluster DNS",
                ("http-probe-host-set",),
                "leave `host` unset (the pod's IP) and send a `Host` header in `httpHeaders` instead",
            ),
        ),
        'Liveness probe failed: Get "http://api.default.svc:8080/healthz": dial tcp: lookup api.default.svc '
        "on 10.0.0.2:53: no such host",
        "Go net resolver error, returned by pkg/probe/http/http.go and pkg/probe/tcp/tcp.go",
    ),
    Symptom(
        "https-to-http",
        "http: server gave HTTP response to HTTPS client",
        r"server gave HTTP response to HTTPS client",
        "spoke TLS (scheme: HTTPS) to a port that answers plain HTTP",
        (Cause("`scheme: HTTPS` on a plain-HTTP port", ("http-probe-scheme-mismatch",)),),
        'Readiness probe failed: Get "https://10.0.3.7:8080/ready": http: server gave HTTP response to HTTPS client',
        "Go net/http transport, returned by pkg/probe/http/http.go",
    ),
    Symptom(
        "tls",
        "tls: ... / TLS handshake errors",
        r"\btls: |TLS handshake",
        "spoke TLS to the probe's port and the handshake failed",
        (
            Cause("`scheme` does not match what the port speaks", ("http-probe-scheme-mismatch",)),
            Cause(
                "the server wants a client certificate (mutual TLS); the kubelet has none to give",
                (),
                "probe a plain health port, or use an exec probe that has the certificate",
            ),
        ),
        'Readiness probe failed: Get "https://10.0.3.7:8443/ready": remote error: tls: certificate required',
        "Go crypto/tls, returned by pkg/probe/http/http.go (the kubelet skips certificate verification)",
    ),
    Symptom(
        "port-name-unknown",
        'strconv.Atoi: parsing "NAME": invalid syntax',
        r'strconv\.Atoi: parsing "[^"]*": invalid syntax',
        "looked up the probe's named port in the container's ports, did not find it, and gave up; the "
        "result is thrown away, so the probe never changes state",
        (Cause("the named port is not declared in this container's `ports`", ("probe-port-not-found",)),),
        'Readiness probe errored: strconv.Atoi: parsing "htpp": invalid syntax',
        "pkg/probe/util.go (ResolveContainerPort)",
    ),
    Symptom(
        "startup-failed",
        "Startup probe failed: ...",
        r"^Startup probe failed",
        "counts the startup probe's failures: after failureThreshold x periodSeconds of them it kills and "
        "restarts the container, and until it passes liveness and readiness do not run",
        (
            Cause(
                "the app takes longer to start than failureThreshold x periodSeconds allows",
                (),
                "measure the start in `{logs}` and raise the startup probe's failureThreshold to cover it",
            ),
            Cause("each attempt times out on a slow start", ("probe-timeout-too-low",)),
        ),
        'Startup probe failed: Get "http://10.0.3.7:8080/healthz": dial tcp 10.0.3.7:8080: connect: connection refused',
        "pkg/kubelet/prober/prober.go (`%s probe failed: %s`)",
    ),
    Symptom(
        "liveness-restart",
        "Container NAME failed liveness probe, will be restarted",
        r"failed (?:liveness|startup) probe, will be restarted",
        "killed the container after its probe failed failureThreshold times in a row, and will restart it",
        (
            Cause("the liveness probe gives up too fast for a pause or a slow answer", ("liveness-too-aggressive",)),
            Cause(
                "a slow start is waited out with initialDelaySeconds instead of a startup probe",
                ("startup-probe-missing",),
            ),
            Cause(
                "liveness checks a dependency, so an outage elsewhere restarts this container",
                ("liveness-same-as-readiness",),
            ),
            Cause(
                "each attempt times out",
                ("probe-timeout-too-low",),
                "the `Liveness probe failed` events before it say how it failed; `{logs}` has the last words",
            ),
        ),
        "Container web failed liveness probe, will be restarted",
        "pkg/kubelet/kuberuntime/kuberuntime_manager.go (computePodActions); reason Killing",
    ),
    Symptom(
        "probe-errored",
        "... probe errored: ...",
        r"probe errored",
        "could not run the probe at all; the result is thrown away, so readiness stays failed, liveness "
        "never restarts, and a startup probe never lets the others start",
        (
            Cause(
                "the probe is malformed: an unknown named port, an empty command, a bad handler",
                ("probe-port-not-found", "probe-invalid", "exec-probe-command-invalid"),
                KUBELET_LOG,
            ),
        ),
        "Readiness probe errored: rpc error: code = Unknown desc = container not running",
        "pkg/kubelet/prober/prober.go (`%s probe errored: %v`)",
    ),
    Symptom(
        "prestop-failed",
        "FailedPreStopHook (PreStopHook failed)",
        r"PreStopHook failed|PreStop hook",
        "ran the container's preStop hook before stopping it, and the hook failed (the event withholds the "
        "hook's error)",
        (
            Cause(
                "the hook's command or request is malformed",
                ("exec-probe-command-invalid", "probe-port-not-found", "probe-invalid"),
            ),
            Cause(
                "the hook's program or endpoint fails at run time",
                (),
                "the kubelet's log on the node has the hook's error: `journalctl -u kubelet | grep -i prestop`",
            ),
        ),
        "PreStopHook failed",
        "pkg/kubelet/kuberuntime/kuberuntime_container.go (executePreStopHook); reason FailedPreStopHook "
        "(pkg/kubelet/events/event.go)",
        reasons=("FailedPreStopHook",),
    ),
    Symptom(
        "exit-137",
        "Exit Code: 137 (SIGKILL after the grace period)",
        r"(?i)exit ?code:? *137",
        "stopped the container with SIGKILL (exit code 137): it was still running when the grace period "
        "ended, or the kernel killed it",
        (
            Cause(
                "the preStop hook uses up terminationGracePeriodSeconds, so SIGTERM comes with 2s left",
                ("prestop-exceeds-grace-period",),
            ),
            Cause(
                "the app ignores SIGTERM or shuts down slower than the grace period",
                (),
                "time the shutdown in `{logs}`; raise terminationGracePeriodSeconds or handle SIGTERM",
            ),
            Cause(
                "the kernel's OOM killer (Reason: OOMKilled): the memory limit, not the probes",
                (),
                "`kubectl describe pod` shows `Reason: OOMKilled`; raise the memory limit",
            ),
        ),
        "container terminated with Exit Code: 137 (Reason: Error)",
        "pkg/kubelet/kuberuntime/kuberuntime_container.go (killContainer); "
        "https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination",
    ),
)
