"""Manifests several test modules lint, kept in one place (their expected lines and columns depend on them)."""

# One finding under probe-timeout-too-low: the readiness probe's `timeoutSeconds` key (line 13, column 13).
SHORT_TIMEOUT_DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: nginx:1.27
          readinessProbe:
            httpGet: {path: /ready, port: 8080}
            timeoutSeconds: 1
"""

# A Deployment whose one container has no probes: tests append probe blocks to it.
DEPLOYMENT_WITHOUT_PROBES = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27
"""

# A Deployment named NAME (tests replace it) with one probe-timeout-too-low finding at line 13, column 13.
NAMED_DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: NAME
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx
          livenessProbe:
            httpGet: {path: /h, port: 80}
            timeoutSeconds: 1
"""
