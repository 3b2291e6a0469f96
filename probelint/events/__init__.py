"""`probelint --explain-event`: from a kubelet event to its likely causes and the findings behind them.

- `parse`: read pasted event lines, `kubectl describe pod` output, or `kubectl get events -o json|yaml`;
- `catalogue`: one table of symptoms (the kubelet's own texts), their causes and the rules that catch them;
- `owners`: which linted workload and container an event's pod belongs to;
- `explain`: put the three together with the findings of a normal lint run;
- `render`: the explanation as text.
"""
