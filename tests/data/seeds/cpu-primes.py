# cpu-primes: two calls counting the primes below 3,500,000.
from primes import compute

def count_primes(start, stop):
    n = compute(start, stop)
    print(f'count_primes: {n} primes below {stop}')
    return n

count_primes(0, 3_500_000)
count_primes(0, 3_500_000)
