# What Interleave's compute(start, stop) returns: the primes in [start, stop), here by a sieve
# so that the reference runs in a moment.
def compute(start, stop=None):
    if stop is None:
        start, stop = 0, start
    sieve = bytearray([1]) * max(stop, 2)
    sieve[0] = sieve[1] = 0
    for i in range(2, int(stop ** 0.5) + 1):
        if sieve[i]:
            sieve[i*i::i] = bytearray(len(sieve[i*i::i]))
    return sum(sieve[start:stop])
