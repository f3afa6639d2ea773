# Seed 004, In [20]-[40], the map() version, as one script.
import time

def square_number(number):
    time.sleep(0.5)
    return number**2

numbers=[1,2,3,4,5,6,7,8,9]

start_time = time.time()

results = list(map(square_number, numbers))

elapsed_time = time.time() - start_time

for result in results:
    print(result, end = " ")

print(f"Elapsed Time (in Seconds): {elapsed_time}")
