"""The nightly validation deployment: the batch flow on a cron schedule in Asia/Shanghai time.

    python -m flows.deploy          # serve it (a long-running process that runs the schedule)

The schedule lives here (and in ``prefect.yaml``), not in the flow.
"""

from __future__ import annotations

import os

from prefect.schedules import Cron

from flows.batch import batch_flow

NIGHTLY_CRON = "0 2 * * *"
TIMEZONE = "Asia/Shanghai"


def nightly_deployment(inbox: str | None = None, out_dir: str | None = None):
    inbox = inbox or os.environ.get("PRECHECK_INBOX", "samples/hz-talent")
    out_dir = out_dir or os.environ.get("PRECHECK_OUT", "out/nightly")
    return batch_flow.to_deployment(
        name="precheck-nightly",
        schedule=Cron(NIGHTLY_CRON, timezone=TIMEZONE),
        parameters={"inbox": inbox, "out_dir": out_dir, "resume": True},
        description="Nightly re-validation of every submission in the inbox (02:00 Asia/Shanghai).",
        tags=["permit-precheck", "nightly"],
    )


if __name__ == "__main__":
    from prefect import serve

    serve(nightly_deployment())
