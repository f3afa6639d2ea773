#!/bin/sh
# Gives up before saying anything.
echo "cannot start: no such thing" >&2
exit 3
