#!/bin/sh
# 20,000 lines and then 3 MB without a newline on stderr, and never ready.
i=0
yes 'an error line' | head -n 20000 >&2
head -c 3000000 /dev/zero | tr '\0' 'x' >&2
exec cat > /dev/null
