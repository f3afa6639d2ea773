# Seed 001, In [1], as written there.
import time

def calc_square(numbers):
    print("Calculate the square of numbers.")
    for n in numbers:
        time.sleep(0.2)
        print("Square: ", n*n)

def calc_cube(numbers):
    print("Calculate the cube of numbers.")
    for n in numbers:
        time.sleep(0.2)
        print("Cube: ", n*n*n)
        
arr = [2, 3, 8, 9]
t = time.time()

calc_square(arr)
calc_cube(arr)

print("Time taken: ", time.time() - t)
print("Done with squaring and cubing.")
