# process-memory with its option `queue`: each call puts its last result on a queue, and the
# parent reads them back.
import time
import queue

result = 0
q = queue.Queue()
def calc_square(numbers):
    print("Calculate the square of numbers.")
    global result
    for n in numbers:
        time.sleep(0.2)
        result = n*n
        print("Square: ", result)
    q.put(result)

def calc_cube(numbers):
    print("Calculate the cube of numbers.")
    global result
    for n in numbers:
        time.sleep(0.2)
        result = n*n*n
        print("Cube: ", result)
    q.put(result)

arr = [2, 3, 8, 9]
t = time.time()
calc_square(arr)
calc_cube(arr)
print("Time taken: ", time.time() - t)
print("Done with squaring and cubing.")
print('result =', result)
for _ in range(q.qsize()):
    print('from the queue:', q.get())
