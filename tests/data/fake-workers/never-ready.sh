#!/bin/sh
# Reads its input and never says it is ready, as /bin/cat would.
exec cat > /dev/null
