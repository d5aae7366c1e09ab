"""pip-audit over requirements.lock, said honestly: how many locked packages were checked
against the vulnerability service and how many could not be, and a failure only for a
known vulnerability (where the service cannot be reached, every package is "could not be
audited": that is reported, not passed off as "no known vulnerabilities")."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter


def main() -> int:
    done = subprocess.run(
        ["pip-audit", "-r", "requirements.lock", "--no-deps", "--disable-pip",
         "--progress-spinner", "off", "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    try:
        found = json.loads(done.stdout)["dependencies"]
    except (json.JSONDecodeError, KeyError):
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        print(f"pip-audit: could not run ({last}); nothing was audited")
        return 0
    skipped = [d for d in found if "skip_reason" in d]
    vulnerable = [d for d in found if d.get("vulns")]
    reasons = Counter(d["skip_reason"].split(":")[0] for d in skipped)
    print(
        f"pip-audit: {len(found) - len(skipped)} of {len(found)} locked packages checked, "
        f"{len(vulnerable)} with a known vulnerability; {len(skipped)} could not be audited"
        + "".join(f" ({n}: {reason})" for reason, n in reasons.most_common())
    )
    for dependency in vulnerable:
        ids = ", ".join(v["id"] for v in dependency["vulns"])
        print(f"  {dependency['name']} {dependency['version']}: {ids}")
    return 1 if vulnerable else 0


if __name__ == "__main__":
    sys.exit(main())
