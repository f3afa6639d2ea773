#!/bin/sh
# Promises 25 bytes of payload, sends 2, then exits.
printf '\031\000\000\000\012\001\002'
