"""An aws-node DaemonSet to order, as the VPC CNI ships it, for the aws-node rule tests."""

from __future__ import annotations

from tests.support.rulecheck import found

ECR = "602401143452.dkr.ecr.us-west-2.amazonaws.com"


DIGEST = "@sha256:" + "ab" * 32


AWS_RULES = (
    "aws-node-enforcing-mode,aws-node-tcp-early-demux,aws-node-probe-timeout,"
    "aws-node-probe-address,aws-node-version-unknown"
)


def env_lines(pairs: list[tuple[str, str]]) -> str:
    lines = []
    for name, value in pairs:
        lines.append(f"            - name: {name}\n")
        if value.startswith("valueFrom"):
            lines.append("              valueFrom: {fieldRef: {fieldPath: metadata.name}}\n")
        else:
            lines.append(f'              value: "{value}"\n')
    return "".join(lines)


def aws_node(
    main_tag: str = ":v1.18.3",
    init_tag: str = ":v1.18.3",
    main_env: list[tuple[str, str]] | None = None,
    init_env: list[tuple[str, str]] | None = None,
    labels: str = "",
    addr: str = "-addr=:50051",
    timeout: str = "10",
    name: str = "aws-node",
    with_init: bool = True,
) -> str:
    main_env = main_env if main_env is not None else [("ENABLE_POD_ENI", "false")]
    init_env = init_env if init_env is not None else [("DISABLE_TCP_EARLY_DEMUX", "false")]
    init = ""
    if with_init:
        init_env_text = f"          env:\n{env_lines(init_env)}" if init_env else ""
        init = f"""      initContainers:
        - name: aws-vpc-cni-init
          image: {ECR}/amazon-k8s-cni-init{init_tag}
{init_env_text}"""
    main_env_text = f"          env:\n{env_lines(main_env)}" if main_env else ""
    timeout_line = f"            timeoutSeconds: {timeout}\n" if timeout else ""
    return f"""apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: {name}
  namespace: kube-system
  labels:
    k8s-app: aws-node
{labels}spec:
  selector:
    matchLabels: {{k8s-app: aws-node}}
  template:
    metadata:
      labels: {{k8s-app: aws-node}}
    spec:
      hostNetwork: true
{init}      containers:
        - name: aws-node
          image: {ECR}/amazon-k8s-cni{main_tag}
          livenessProbe:
            exec:
              command: [/app/grpc-health-probe, {addr}, -connect-timeout=5s, -rpc-timeout=5s]
            initialDelaySeconds: 60
{timeout_line}          readinessProbe:
            exec:
              command: [/app/grpc-health-probe, {addr}, -connect-timeout=5s, -rpc-timeout=5s]
            initialDelaySeconds: 1
{timeout_line}{main_env_text}"""


def aws(lint, text: str) -> list[tuple[str, str]]:
    return found(lint(text, "--select", AWS_RULES).lines)
