#!/bin/sh
# A frame of type 99, which does not exist.
printf '\000\000\000\000\143'
exec sleep 5
