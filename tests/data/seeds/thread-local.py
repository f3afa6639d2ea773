# Seed 002's threading.local(), each call on the main thread.
import threading
import time

thread_data = threading.local()
x = 0

def worker(n):
    global x
    thread_data.x = n
    x = n
    time.sleep(0.1)
    print(f'{threading.current_thread().name}: local x = {thread_data.x}, global x = {x}')
    return thread_data.x == n

results = list(map(worker, [1, 2, 3]))
