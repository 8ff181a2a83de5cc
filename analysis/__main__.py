import os
import sys

from .cli import main

try:
    status = main()
except KeyboardInterrupt:  # Ctrl-C before a build installs its own handling (while importing)
    print("interrupted", file=sys.stderr)
    status = 130
sys.stdout.flush()
sys.stderr.flush()
# Skip interpreter teardown: everything is written and closed by now, the kernels are stopped,
# and tearing down their messaging contexts would add about half a second to every build.
os._exit(status)
