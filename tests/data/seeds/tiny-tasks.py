# tiny-tasks: 2,000 calls that each count the primes below 5,000; nothing is printed.
from primes import compute

def count_primes(stop):
    return compute(stop)

for _ in range(2000):
    count_primes(5000)
