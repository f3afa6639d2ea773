#!/bin/sh
# Announces a frame of 4 GiB.
printf '\377\377\377\377\012'
exec sleep 5
