# Seed 001, In [8], with the two processes' targets called one after the other, then what the
# parent reads: its own `result`.
import time

result = 0
def calc_square(numbers):
    print("Calculate the square of numbers.")
    global result
    for n in numbers:
        time.sleep(0.2)
        result = n*n;
        print("Square: ", result)

result = 0
def calc_cube(numbers):
    print("Calculate the cube of numbers.")
    global result
    for n in numbers:
        time.sleep(0.2)
        result = n*n*n;
        print("Cube: ", result)
        
        
arr = [2, 3, 8, 9]
t = time.time()

calc_square(arr)
calc_cube(arr)

print("Time taken: ", time.time() - t)
print("Done with squaring and cubing.")   
print('result =', result)
