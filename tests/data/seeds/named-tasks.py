# Seed 004, In [2]-[4], with the two threads' targets called one after the other.
import time
import threading
import os

def task1(msg):
    time.sleep(3)
    print(msg)
    print("Thread - Name: ", threading.current_thread().name)
    print("Thread - Process Id: ", os.getpid())

def task2(msg):
    time.sleep(1)
    print(msg)
    print("Thread - Name: ", threading.current_thread().name)
    print("Thread - Process Id: ", os.getpid())

task1("Task 1")
task2("Task 2")

print("Main Thread - Name: ", threading.main_thread().name)
print("Main Thread - Process Id: ", os.getpid())
