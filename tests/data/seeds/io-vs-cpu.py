# io-vs-cpu: 100 waits of 1 ms, then the primes below 7,000,000.
import time
from primes import compute

def io_bound():
    for _ in range(100):
        time.sleep(0.001)
    print('io_bound: 100 waits done')

def cpu_bound():
    primes = compute(0, 7_000_000)
    print(f'cpu_bound: {primes} primes')
    return primes

io_bound()
cpu_bound()
