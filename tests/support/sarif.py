"""What GitHub code scanning checks in a SARIF log beyond the schema."""

from __future__ import annotations

import re
from typing import Any


def code_scanning_problems(log: dict[str, Any]) -> list[str]:
    """What GitHub's SARIF upload requires beyond the schema (docs: "SARIF support for code scanning")."""
    problems = []
    if log.get("version") != "2.1.0":
        problems.append("version must be 2.1.0")
    for run in log["runs"]:
        driver = run["tool"]["driver"]
        if not driver.get("name"):
            problems.append("tool.driver.name is required")
        rules = driver.get("rules", [])
        ids = [rule["id"] for rule in rules]
        if len(ids) != len(set(ids)):
            problems.append("rule ids must be unique")
        for rule in rules:
            for key in ("shortDescription", "fullDescription", "help"):
                if not rule.get(key, {}).get("text"):
                    problems.append(f"{rule['id']}: {key}.text is required")
        if len(run["results"]) > 25_000:
            problems.append("at most 25,000 results per run")
        for result in run["results"]:
            rule_id = result.get("ruleId")
            if rule_id not in ids:
                problems.append(f"ruleId {rule_id!r} is not among the driver's rules")
            elif result.get("ruleIndex") != ids.index(rule_id):
                problems.append(f"{rule_id}: ruleIndex {result.get('ruleIndex')} is not {ids.index(rule_id)}")
            if not result.get("message", {}).get("text"):
                problems.append(f"{rule_id}: message.text is required")
            locations = result.get("locations", [])
            if not 1 <= len(locations) <= 10:
                problems.append(f"{rule_id}: code scanning shows a result only with 1 to 10 locations")
            for location in locations:
                physical = location["physicalLocation"]
                if not physical["artifactLocation"].get("uri"):
                    problems.append(f"{rule_id}: artifactLocation.uri is required")
                if physical.get("region", {}).get("startLine", 0) < 1:
                    problems.append(f"{rule_id}: region.startLine is required")
            related = {location["id"] for location in result.get("relatedLocations", [])}
            for link in re.findall(r"(?<!\\)\]\((\d+)\)", result["message"]["text"]):
                if int(link) not in related:
                    problems.append(f"{rule_id}: message links to missing related location {link}")
    return problems
