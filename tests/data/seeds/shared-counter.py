# Seed 003's lesson on shared memory: two calls each add 1 to a global 100,000 times.
import threading

counter = 0
counter_lock = threading.Lock()
locked = False

def increment(times):
    global counter
    for _ in range(times):
        if locked:
            with counter_lock:
                counter += 1
        else:
            counter += 1

increment(100_000)
increment(100_000)
print('expected 200000, counter =', counter)
