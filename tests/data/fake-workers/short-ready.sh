#!/bin/sh
# A ready frame whose payload is 3 bytes instead of 25.
printf '\003\000\000\000\012abc'
exec sleep 5
